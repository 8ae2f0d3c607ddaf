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
