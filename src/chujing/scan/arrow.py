"""Arrow arrays from Python values, built from buffers.

``pa.array`` probes every Python or NumPy input for pandas objects and so imports pandas
(about a second of start-up) the first time it is called; the scan never needs pandas.
"""

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from chujing.ids.arrays import valid_mask

if TYPE_CHECKING:
    import pyarrow as pa

STRING_MAX_BYTES = (1 << 31) - 1  # beyond this many bytes the offsets need 64 bits


def strings(values: Sequence[str | None]) -> "pa.Array":
    """A string array (``None`` → null); unpaired surrogates become U+FFFD."""
    import pyarrow as pa

    n = len(values)
    encoded = [b"" if v is None else v.encode("utf-8", "replace") for v in values]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    large = offsets[-1] > STRING_MAX_BYTES
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=n)
    nulls = n - int(valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes()) if nulls else None
    return pa.Array.from_buffers(
        pa.large_string() if large else pa.string(),
        n,
        [
            bitmap,
            pa.py_buffer(offsets if large else offsets.astype(np.int32)),
            pa.py_buffer(b"".join(encoded)),
        ],
        null_count=nulls,
    )


def has_nul(values: "pa.Array") -> bool:
    """Whether any string holds a NUL byte: one NumPy pass over the data, no copy."""
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(values.type) else np.int32
    _, offsets_buf, data_buf = values.buffers()
    if offsets_buf is None or data_buf is None:
        return False
    offsets = np.frombuffer(offsets_buf, dtype=kind, count=values.offset + len(values) + 1)
    start, end = int(offsets[values.offset]), int(offsets[-1])
    chunk = np.frombuffer(data_buf, dtype=np.uint8)[start:end]
    return bool(len(chunk)) and not chunk.min()  # min: twice the speed of all()


def without_bytes(values: "pa.Array", drop: np.ndarray) -> "pa.Array":
    """The strings with every byte ``b`` where ``drop[b]`` removed, in one NumPy pass over
    the data (nulls stay null). Only for bytes that are whole characters (ASCII)."""
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(values.type) else np.int32
    _, offsets_buf, data_buf = values.buffers()
    assert offsets_buf is not None
    offsets = np.frombuffer(offsets_buf, dtype=kind, count=values.offset + len(values) + 1)
    offsets = offsets[values.offset :]
    start = int(offsets[0])
    data = np.frombuffer(data_buf or b"", dtype=np.uint8)
    chunk = data[start : int(offsets[-1])]
    gone = np.flatnonzero(drop[chunk])  # few: the separators
    ends: np.ndarray = (offsets - start).astype(np.int64)
    # each new offset: the old one less the bytes dropped before it (no sum over every byte)
    kept = (ends - np.searchsorted(gone, ends)).astype(kind)
    valid = valid_mask(values)
    nulls = len(values) - int(valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes()) if nulls else None
    return pa.Array.from_buffers(
        values.type,
        len(values),
        [bitmap, pa.py_buffer(kept), pa.py_buffer(np.delete(chunk, gone))],
        null_count=nulls,
    )


def bools(values: "np.ndarray") -> "pa.Array":
    """A boolean array from a NumPy boolean array (no nulls)."""
    import pyarrow as pa

    bits = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits.tobytes())])


def record_batch(columns: Sequence[Sequence[str | None]], names: list[str]) -> "pa.RecordBatch":
    """A record batch of string columns."""
    import pyarrow as pa

    return pa.RecordBatch.from_arrays([strings(c) for c in columns], names=names)


def int32s(values: "np.ndarray") -> "pa.Array":
    """An int32 array (list offsets) from NumPy integers."""
    import pyarrow as pa

    data = np.ascontiguousarray(values, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), len(data), [None, pa.py_buffer(data)])


def indices(values: "np.ndarray") -> "pa.Array":
    """An int64 array (for ``take``) from NumPy integers."""
    import pyarrow as pa

    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def mask(flags: "pa.Array") -> np.ndarray:
    """A boolean Arrow array as NumPy, null as False."""
    bits = flags.buffers()[1]
    assert bits is not None
    raw = np.unpackbits(
        np.frombuffer(bits, dtype=np.uint8), count=flags.offset + len(flags), bitorder="little"
    )
    out: np.ndarray = raw[flags.offset :].astype(bool) & valid_mask(flags)
    return out


def flags(values: "pa.Array") -> "pa.Array":
    """A boolean Arrow array with nulls as False."""
    import pyarrow.compute as pc

    return pc.fill_null(values, false())


@cache
def false() -> "pa.Scalar":
    """The boolean scalar False (``pa.scalar`` would probe for pandas)."""
    return bools(np.zeros(1, dtype=bool))[0]


@cache
def true() -> "pa.Scalar":
    """The boolean scalar True."""
    return bools(np.ones(1, dtype=bool))[0]


@cache
def null_string() -> "pa.Scalar":
    """A null string scalar."""
    return strings([None])[0]


def text(value: str) -> "pa.Scalar":
    """A string scalar."""
    return strings([value])[0]


def integer(value: int) -> "pa.Scalar":
    """An int64 scalar."""
    return indices(np.array([value]))[0]


def leaves(column: "pa.Array") -> "tuple[pa.Array, np.ndarray | None]":
    """A column's values and, for a column of lists, the row of each value (else None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_list(column.type):
        return column, None
    return pc.list_flatten(column), ints(pc.list_parent_indices(column))


def ints(values: "pa.Array") -> np.ndarray:
    """An integer Arrow array without nulls (indices) as int64 NumPy."""
    data = values.buffers()[1]
    if data is None or not len(values):
        return np.zeros(0, dtype=np.int64)
    kind = _INT_TYPES[str(values.type)]
    raw = np.frombuffer(data, dtype=kind, count=values.offset + len(values))
    return raw[values.offset :].astype(np.int64)


_INT_TYPES = {"int32": np.int32, "int64": np.int64, "uint32": np.uint32, "uint64": np.uint64}


ALNUM = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ALNUM = np.zeros(256, dtype=bool)
_ALNUM[np.frombuffer(ALNUM, np.uint8)] = True


def alnum_runs(
    values: "pa.Array", shortest: int, longest: int, not_after: bytes = b""
) -> "tuple[np.ndarray, pa.Array]":
    """Every maximal run of ASCII letters and digits inside the strings, ``shortest`` to
    ``longest`` bytes long, that does not follow a byte of ``not_after``: the row of each,
    and the runs as strings (in order). One NumPy pass over the data, no regex."""
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(values.type) else np.int32
    _, offsets_buf, data_buf = values.buffers()
    if offsets_buf is None or data_buf is None or not len(values):
        return np.zeros(0, dtype=np.int64), strings([])
    raw = np.frombuffer(offsets_buf, dtype=kind, count=values.offset + len(values) + 1)
    base = int(raw[values.offset])
    offsets: np.ndarray = raw[values.offset :].astype(np.int64) - base
    data = np.frombuffer(data_buf, dtype=np.uint8)[base : base + int(offsets[-1])]
    n = len(data)
    if not n:
        return np.zeros(0, dtype=np.int64), strings([])
    alnum = _ALNUM[data]
    begins = np.zeros(n + 1, dtype=bool)
    begins[offsets[:-1]] = True  # a value starts here: no run goes on across it
    follows = np.zeros(n + 1, dtype=bool)  # the byte continues a run begun before it
    np.logical_and(alnum[1:], alnum[:-1], out=follows[1:n])
    follows[:n] &= ~begins[:n]
    starts = np.flatnonzero(alnum & ~follows[:n])
    ends = np.flatnonzero(alnum & ~follows[1:]) + 1
    lengths = ends - starts
    keep = (lengths >= shortest) & (lengths <= longest)
    if not_after:
        barred = np.zeros(256, dtype=bool)
        barred[np.frombuffer(not_after, dtype=np.uint8)] = True
        keep &= begins[starts] | ~barred[data[starts - 1]]
    starts, lengths = starts[keep], lengths[keep]
    rows = np.searchsorted(offsets, starts, side="right") - 1
    valid = valid_mask(values)[rows]
    starts, lengths, rows = starts[valid], lengths[valid], rows[valid]
    out_offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out_offsets[1:])
    total = int(out_offsets[-1])
    at = np.arange(total, dtype=np.int64) + np.repeat(starts - out_offsets[:-1], lengths)
    runs = pa.Array.from_buffers(
        pa.string(),
        len(starts),
        [None, pa.py_buffer(out_offsets.astype(np.int32)), pa.py_buffer(data[at].tobytes())],
    )
    return rows.astype(np.int64), runs
