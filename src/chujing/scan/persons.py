"""Distinct persons: the strongest person key, its canonical values, and two counters —
exact (one DuckDB pass over keyed digests, spilling to disk beyond its memory limit) and
approximate (HyperLogLog over salted hashes, mergeable across exports).
"""

import hashlib
import itertools
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from chujing import ids
from chujing.scan.detectors import Detector

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from chujing.scan.classify import Classifier, ColumnResult

DUCKDB_MEMORY = "512MB"  # beyond it DuckDB spills to its temporary directory
IN_MEMORY_KEYS = 1 << 22  # up to this many numeric keys (8 bytes each) are counted in NumPy
"""4M keys: 32 MB held, about 100 MB at the peak of the count (a sorted copy, a subset)."""
HLL_LG_K = 16
NUMERIC_KEYS = {"cn_resident_id": (18, 17), "mobile_phone": (11, 11)}
"""Key kinds whose canonical values have one width and are fixed by their leading digits (an
ID's check character follows from the first 17), by width and digits: counted as integers."""


@dataclass(frozen=True)
class KeyPlan:
    """Which columns of one table make its person key, and which flag rows as sensitive."""

    kind: str
    columns: list[str]
    detectors: list[Detector]
    id_column: str | None
    sensitive_columns: list[str]
    sensitive_text: list[tuple[str, list[Detector]]]
    """Prose columns: a row is sensitive where one of these detectors hits inside the text."""
    text_keys: list[tuple[str, Detector]]
    """Prose columns in which persons of the key kind are named (an ID inside a remark)."""

    def key_columns(self) -> list[str]:
        """The columns whose values are counted as persons (``persons.key`` of the report)."""
        return [*self.columns, *(name for name, _ in self.text_keys if name not in self.columns)]

    def needed(self) -> list[str]:
        """The columns phase 2 reads: key, ID, sensitive and prose columns, in a stable order."""
        ids_ = [self.id_column] if self.id_column else []
        text = [name for name, _ in self.sensitive_text]
        prose = [name for name, _ in self.text_keys]
        return list(dict.fromkeys([*self.columns, *ids_, *self.sensitive_columns, *text, *prose]))


def strongest_kind(columns: list["ColumnResult"]) -> str | None:
    """The person-key kind of highest rank (1 = strongest) among classified columns.

    Columns of whole values decide; persons named only inside prose decide when no column
    does (a key found in a remark must not displace the table's own key column).
    """
    ranked = [
        (c.detector.key_rank, c.kind)
        for c in columns
        if c.detector is not None and c.detector.key_rank is not None and c.keyable
    ]
    prose = [(d.key_rank, d.kind) for c in columns for d in c.embedded_keys if d.key_rank]
    return min(ranked or prose)[1] if ranked or prose else None


def key_plan(columns: list["ColumnResult"], kind: str) -> KeyPlan | None:
    """The key of ``kind`` in one table (name keys take an address beside them), or None."""
    of_kind = sorted(
        (c for c in columns if c.kind == kind and c.detector and c.keyable),
        key=lambda c: -c.match_ratio,
    )
    text_keys = [(c.name, d) for c in columns for d in c.embedded_keys if d.kind == kind]
    if not of_kind and not text_keys:
        return None
    chosen = of_kind[:1]
    partner = of_kind[0].detector.key_with if of_kind and of_kind[0].detector else None
    if partner:
        extra = sorted((c for c in columns if c.kind == partner), key=lambda c: -c.match_ratio)
        chosen += extra[:1]
    ids_ = sorted(
        (c for c in columns if c.kind == "cn_resident_id" and c.keyable),
        key=lambda c: -c.match_ratio,
    )
    return KeyPlan(
        kind=kind,
        columns=[c.name for c in chosen],
        detectors=[c.detector for c in chosen if c.detector],
        id_column=ids_[0].name if ids_ else None,
        sensitive_columns=[
            c.name for c in columns if c.pi == "sensitive" and not c.embedded_sensitive
        ],
        sensitive_text=[(c.name, c.embedded_sensitive) for c in columns if c.embedded_sensitive],
        text_keys=text_keys,
    )


def key_values(
    values: "pa.Array", det: Detector, classifier: "Classifier"
) -> tuple["pa.Array", "pa.Array"]:
    """Canonical keys where the detector accepts the value (null elsewhere), and per value
    whether it is masked (``138****8000``: of the kind, but no countable person)."""
    canonical = classifier.normaliser.canonical(values, det.normalise)
    return classifier.valid(det, canonical), classifier.normaliser.masked(det, canonical)


def minor_flags(id_values: "pa.Array", on: date) -> "pa.Array":
    """True where a valid resident ID's birth date makes its holder younger than 14 on ``on``."""
    import pyarrow.compute as pc

    from chujing.scan import arrow

    cutoff = arrow.text(ids.born_before_cutoff(on, 14).strftime("%Y%m%d"))
    born = pc.utf8_slice_codeunits(id_values, 6, 14)
    return arrow.flags(pc.greater(born, cutoff))


def key_schema() -> "pa.Schema":
    """The rows phase 2 produces: one person key each, with its row's flags."""
    import pyarrow as pa

    return pa.schema([("k", pa.string()), ("s", pa.bool_()), ("m", pa.bool_())])


class ExactCounter:
    """Exact distinct counts in one DuckDB pass over keyed digests (no raw value stored).

    ID and mobile keys become integers (exact; the leading digits fix the rest), scrambled
    by a key drawn per scan, so that what DuckDB may spill to disk is no identifier; other
    keys become 128-bit MD5 numbers.
    """

    def __init__(self, kind: str | None) -> None:
        self.digits = NUMERIC_KEYS.get(kind or "")
        self._mult = secrets.randbits(64) | 1
        self._xor = secrets.randbits(64)

    def count(self, keys: Iterable["pa.RecordBatch"]) -> tuple[int, int, int]:
        """Distinct persons, distinct persons with sensitive PI (minors included), minors.

        Up to ``IN_MEMORY_KEYS`` numeric keys are counted in NumPy (no DuckDB to start);
        beyond, those held and the rest of the stream go to DuckDB."""
        digests = self._digests(keys)
        if not self.digits:
            return self._duckdb(digests)
        held: list[pa.RecordBatch] = []
        rows = 0
        for batch in digests:
            held.append(batch)
            rows += batch.num_rows
            if rows > IN_MEMORY_KEYS:
                return self._duckdb(itertools.chain(held, digests))
        return _in_memory(held)

    def _duckdb(self, digests: Iterator["pa.RecordBatch"]) -> tuple[int, int, int]:
        """The counts in one DuckDB pass, spilling beyond its memory limit."""
        import duckdb
        import pyarrow as pa

        h = "h" if self.digits else "md5_number(k)"
        schema = pa.schema(
            [
                ("h", pa.uint64()) if self.digits else ("k", pa.string()),
                ("s", pa.bool_()),
                ("m", pa.bool_()),
            ]
        )
        stream = pa.RecordBatchReader.from_batches(schema, digests)  # noqa: F841
        with tempfile.TemporaryDirectory(prefix="chujing-scan-") as tmp:
            con = duckdb.connect()
            try:
                con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
                con.execute(f"SET temp_directory = '{tmp}'")
                con.execute("SET preserve_insertion_order = false")
                row = con.execute(
                    "SELECT count(*), coalesce(count_if(s), 0), coalesce(count_if(m), 0) FROM"
                    f" (SELECT {h} AS h, bool_or(s OR m) AS s, bool_or(m) AS m"
                    " FROM stream GROUP BY 1)"
                ).fetchone()
            finally:
                con.close()
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    def _digests(self, keys: Iterable["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import numpy as np
        import pyarrow as pa

        from chujing.ids.arrays import rows_of_width

        for batch in keys:
            if not self.digits:
                yield batch
                continue
            width, digits = self.digits
            where, rows = rows_of_width(batch.column(0), width)
            assert len(where) == batch.num_rows, "canonical numeric keys have one width"
            number = np.zeros(len(rows), dtype=np.uint64)
            for lo in range(0, digits, 9):  # nine digits at a time in 32 bits: half the work
                hi = min(lo + 9, digits)
                part: np.ndarray = np.zeros(len(rows), dtype=np.uint32)
                for col in range(lo, hi):
                    part = part * np.uint32(10) + (rows[:, col] - np.uint8(48))
                number = number * np.uint64(10 ** (hi - lo)) + part.astype(np.uint64)
            scrambled = (number ^ np.uint64(self._xor)) * np.uint64(self._mult)
            h = pa.Array.from_buffers(pa.uint64(), len(rows), [None, pa.py_buffer(scrambled)])
            yield pa.RecordBatch.from_arrays(
                [h, batch.column(1), batch.column(2)], names=["h", "s", "m"]
            )


def _in_memory(digests: list["pa.RecordBatch"]) -> tuple[int, int, int]:
    """The counts of numeric key digests (``h``, ``s``, ``m``) held in memory, in NumPy."""
    import numpy as np

    from chujing.scan import arrow

    if not digests:
        return 0, 0, 0
    h = np.concatenate([arrow.ints(b.column(0)) for b in digests])
    s = np.concatenate([arrow.mask(b.column(1)) for b in digests])
    m = np.concatenate([arrow.mask(b.column(2)) for b in digests])
    return _distinct(h), _distinct(h[s | m]), _distinct(h[m])


def _distinct(values: "np.ndarray") -> int:
    """How many distinct integers: sorted, then the changes counted (NumPy's SIMD sort of
    a million keys takes milliseconds; ``np.unique``'s hashing of them, half a second)."""
    import numpy as np

    if not len(values):
        return 0
    ordered = np.sort(values)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1


class SketchCounter:
    """HyperLogLog sketches of salted key hashes: all persons, sensitive, minors."""

    def __init__(self, salt: bytes, lg_k: int = HLL_LG_K) -> None:
        import datasketches as ds

        self.salt = salt
        self.lg_k = lg_k
        self.sketches = {name: ds.hll_sketch(lg_k, ds.tgt_hll_type.HLL_8) for name in NAMES}

    def add_batch(self, batch: "pa.RecordBatch") -> None:
        """Add a batch of phase-2 keys (``key_schema``)."""
        self.add(*batch.columns)

    def add(self, keys: "pa.Array", sensitive: "pa.Array", minor: "pa.Array") -> None:
        """Add keys (nulls skipped) with their flags; only salted digests reach the sketches."""
        salt = self.salt
        all_, sens, minors = (self.sketches[n] for n in NAMES)
        for key, s, m in zip(
            keys.to_pylist(), sensitive.to_pylist(), minor.to_pylist(), strict=True
        ):
            if key is None:
                continue
            digest = int.from_bytes(
                hashlib.blake2b(key.encode(), key=salt, digest_size=8).digest(), signed=True
            )
            all_.update(digest)
            if s or m:
                sens.update(digest)
            if m:
                minors.update(digest)


NAMES = ("persons", "sensitive", "minors")
