"""Byte-level helpers over Arrow string buffers agree with the values they stand for."""

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from chujing.scan import arrow

DROP = np.zeros(256, dtype=bool)
DROP[[ord(c) for c in " -._"]] = True

cells = st.lists(st.one_of(st.none(), st.text(alphabet="12X -._\x00é", max_size=12)), max_size=30)


@given(cells, st.integers(min_value=0, max_value=5))
def test_without_bytes_drops_exactly_those_bytes(values: list[str | None], cut: int) -> None:
    array = arrow.strings(values).slice(min(cut, len(values)))
    got = arrow.without_bytes(array, DROP)
    want = [None if v is None else "".join(c for c in v if c not in " -._") for v in values]
    assert got.to_pylist() == want[min(cut, len(values)) :]
    assert got.null_count == array.null_count


@given(cells, st.integers(min_value=0, max_value=5))
def test_has_nul_sees_only_the_slice(values: list[str | None], cut: int) -> None:
    array = arrow.strings(values).slice(min(cut, len(values)), 3)
    assert arrow.has_nul(array) == any(v is not None and "\x00" in v for v in array.to_pylist())


def test_has_nul_on_large_strings() -> None:
    assert arrow.has_nul(pa.array(["a", "b\x00"], type=pa.large_string()).slice(1))
    assert not arrow.has_nul(pa.array(["a\x00", "b"], type=pa.large_string()).slice(1))


runs_cells = st.lists(st.one_of(st.none(), st.text(alphabet="1aZ .+证", max_size=12)), max_size=30)


@given(runs_cells, st.integers(min_value=0, max_value=5), st.integers(1, 4), st.integers(0, 4))
def test_alnum_runs_are_the_runs_a_regex_finds(
    values: list[str | None], cut: int, shortest: int, extra: int
) -> None:
    import re

    array = arrow.strings(values).slice(min(cut, len(values)))
    rows, runs = arrow.alnum_runs(array, shortest, shortest + extra, not_after=b".+")
    rx = re.compile(r"(?<![0-9A-Za-z.+])[0-9A-Za-z]+(?![0-9A-Za-z])", re.ASCII)
    want = [
        (i, m.group(0))
        for i, v in enumerate(array.to_pylist())
        if v is not None
        for m in rx.finditer(v)
        if shortest <= len(m.group(0)) <= shortest + extra
    ]
    assert list(zip(rows.tolist(), runs.to_pylist(), strict=True)) == want
