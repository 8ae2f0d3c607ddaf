"""The checks of ``chujing.ids`` over whole Arrow string arrays, in NumPy.

One pass over the values' bytes instead of a Python call per value: the scanner validates
and counts millions of identifiers. Each function agrees with its scalar twin in
``chujing.ids`` (tested value by value).
"""

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chujing.ids import RIC_CHECK, RIC_WEIGHTS

_CHECK = np.frombuffer(RIC_CHECK.encode(), dtype=np.uint8)
_WEIGHTS = np.array(RIC_WEIGHTS, dtype=np.int64)
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_ZERO = ord("0")


def rows_of_width(values: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the values exactly ``width`` bytes long, and their bytes as rows."""
    lengths = pc.fill_null(pc.binary_length(values), -1).to_numpy(zero_copy_only=False)
    where = np.flatnonzero(lengths == width)
    if not len(where):
        return where, np.zeros((0, width), dtype=np.uint8)
    offset_type = np.int64 if pa.types.is_large_string(values.type) else np.int32
    _, offsets_buf, data_buf = values.buffers()
    assert offsets_buf is not None
    assert data_buf is not None
    offsets = np.frombuffer(offsets_buf, dtype=offset_type)[values.offset :]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts = offsets[where].astype(np.int64)
    return where, data[starts[:, None] + np.arange(width)]


def strings_at(n: int, where: np.ndarray, rows: np.ndarray) -> pa.Array:
    """A string array of length ``n``: the byte rows at ``where`` (ascending), null elsewhere."""
    width = rows.shape[1] if rows.ndim == 2 else 0
    valid = np.zeros(n, dtype=bool)
    valid[where] = True
    offsets = (np.cumsum(valid, dtype=np.int64) * width).astype(np.int32)
    offsets = np.concatenate([np.zeros(1, dtype=np.int32), offsets])
    bitmap = np.packbits(valid, bitorder="little")
    return pa.Array.from_buffers(
        pa.string(),
        n,
        [
            pa.py_buffer(bitmap.tobytes()),
            pa.py_buffer(offsets.tobytes()),
            pa.py_buffer(rows.tobytes()),
        ],
        null_count=n - len(where),
    )


def _digits_ok(rows: np.ndarray) -> np.ndarray:
    ok: np.ndarray = np.all((rows >= _ZERO) & (rows <= _ZERO + 9), axis=1)
    return ok


def _number(rows: np.ndarray) -> np.ndarray:
    """The decimal number spelled by each row of ASCII digits."""
    out = np.zeros(len(rows), dtype=np.int64)
    for col in range(rows.shape[1]):
        out = out * 10 + (rows[:, col].astype(np.int64) - _ZERO)
    return out


def _real_dates(yyyymmdd: np.ndarray) -> np.ndarray:
    """Rows of eight digits that spell a real date from 1900 on."""
    year, month, day = _number(yyyymmdd[:, :4]), _number(yyyymmdd[:, 4:6]), _number(yyyymmdd[:, 6:])
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _DAYS[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok: np.ndarray = (year >= 1900) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)
    return ok


def _check_chars(first17: np.ndarray) -> np.ndarray:
    chars: np.ndarray = _CHECK[((first17.astype(np.int64) - _ZERO) @ _WEIGHTS) % 11]
    return chars


def resident_ids(values: pa.Array, provinces: Iterable[int]) -> pa.Array:
    """Valid resident IDs in their 18-character form, null elsewhere (GB 11643-1999).

    A value is valid as ``chujing.ids.resident_id_valid`` says, with a known province prefix;
    15-digit first-generation IDs are upgraded (``resident_id_upgrade``). Values are taken as
    they are: normalise them first (upper-case ``X``, no separators).
    """
    known = np.zeros(100, dtype=bool)
    known[list(provinces)] = True
    n = len(values)
    where18, rows18 = rows_of_width(values, 18)
    ok = _digits_ok(rows18[:, :17]) & (rows18[:, 17] == _check_chars(rows18[:, :17]))
    where15, rows15 = rows_of_width(values, 15)
    ok15 = _digits_ok(rows15)
    where15, rows15 = where15[ok15], rows15[ok15]
    century = np.full((len(rows15), 2), [ord("1"), ord("9")], dtype=np.uint8)
    first17 = np.concatenate([rows15[:, :6], century, rows15[:, 6:]], axis=1)
    upgraded = np.concatenate([first17, _check_chars(first17)[:, None]], axis=1)
    where = np.concatenate([where18[ok], where15])
    rows = np.concatenate([rows18[ok], upgraded])
    good = _real_dates(rows[:, 6:14]) & known[_number(rows[:, :2])]
    order = np.argsort(where[good], kind="stable")
    return strings_at(n, where[good][order], rows[good][order])


def luhn_ok(values: pa.Array, lengths: range) -> np.ndarray:
    """Per value: all digits, a length in ``lengths`` and a right Luhn (mod 10) check digit."""
    out = np.zeros(len(values), dtype=bool)
    for width in lengths:
        where, rows = rows_of_width(values, width)
        if not len(where):
            continue
        digits = rows[:, ::-1].astype(np.int64) - _ZERO
        doubled = digits[:, 1::2] * 2
        total = digits[:, ::2].sum(axis=1) + (doubled - 9 * (doubled > 9)).sum(axis=1)
        out[where] = _digits_ok(rows) & (total % 10 == 0)
    return out
