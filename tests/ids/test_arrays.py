"""The vectorised checks agree with their scalar twins, value by value."""

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from chujing import ids
from chujing.ids import arrays
from chujing.scan import arrow
from chujing.synth import values

PROVINCES = [11, 12, 13, 31, 32, 44, 50, 51, 65, 71, 81, 82, 83]


def _expected(value: str) -> str | None:
    """What the scalar functions say a canonical value stands for."""
    if int(value[:2]) not in PROVINCES if value[:2].isdigit() else True:
        return None
    if len(value) == 15:
        return ids.resident_id_upgrade(value)
    ok = ids.resident_id_valid(value) and value[17] != "x" and value[6:8] in ("19", "20")
    return value if ok else None


ID_LIKE = st.one_of(
    st.integers(0, 2**31).map(lambda s: values.resident_id(random.Random(s))),
    st.text(alphabet="0123456789X", min_size=15, max_size=18),
    st.text(alphabet="0123456789Xx-", min_size=0, max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), ID_LIKE), max_size=40))
def test_resident_ids_agree_with_the_scalar_checks(cells: list[str | None]) -> None:
    got = arrays.resident_ids(arrow.strings(cells), PROVINCES).to_pylist()
    assert got == [None if c is None else _expected(c) for c in cells]


def test_first_generation_ids_are_upgraded() -> None:
    born = date(1949, 12, 31)
    full = values.resident_id(random.Random(3), born=born)
    while int(full[:2]) not in PROVINCES:
        full = values.resident_id(random.Random(len(full)), born=born)
    old = full[:6] + full[8:17]
    assert arrays.resident_ids(arrow.strings([old, full]), PROVINCES).to_pylist() == [full, full]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=14, max_size=20), max_size=30))
def test_luhn_agrees_with_the_scalar_check(cells: list[str]) -> None:
    got = arrays.luhn_ok(arrow.strings(cells), range(16, 20)).tolist()
    assert got == [16 <= len(c) <= 19 and ids.luhn_valid(c) for c in cells]


def test_sliced_arrays_read_from_their_offset() -> None:
    cells = ["110105194912310021", "bad", "11010519491231002X"]
    whole = arrow.strings(["x", *cells])
    got = arrays.resident_ids(whole.slice(1), [11]).to_pylist()
    assert got == [None, None, "11010519491231002X"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 2**31).map(lambda s: values.uscc(random.Random(s))),
            st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYIOZ", min_size=17, max_size=19),
        ),
        max_size=30,
    )
)
def test_uscc_agrees_with_the_scalar_check(cells: list[str]) -> None:
    expected = [ids.uscc_valid(c) and c[2:8].isdigit() for c in cells]
    assert arrays.uscc_ok(arrow.strings(cells)).tolist() == expected
