"""Distinct persons: the strongest person key, its normalised values, and two counters —
exact (DuckDB over 128-bit hashes, spilling to disk beyond its memory limit) and
approximate (HyperLogLog over salted hashes, mergeable across exports).
"""

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from chujing import ids
from chujing.scan.detectors import Detector

if TYPE_CHECKING:
    import pyarrow as pa

    from chujing.scan.classify import ColumnResult

DUCKDB_MEMORY = "512MB"  # beyond it DuckDB spills to its temporary directory
HLL_LG_K = 16
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


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

    def needed(self) -> list[str]:
        """The columns phase 2 reads: key, ID and sensitive columns, in a stable order."""
        ids_ = [self.id_column] if self.id_column else []
        text = [name for name, _ in self.sensitive_text]
        return list(dict.fromkeys([*self.columns, *ids_, *self.sensitive_columns, *text]))


def strongest_kind(columns: list["ColumnResult"]) -> str | None:
    """The person-key kind of highest rank (1 = strongest) among classified columns."""
    ranked = [
        (c.detector.key_rank, c.kind)
        for c in columns
        if c.detector is not None and c.detector.key_rank is not None
    ]
    return min(ranked)[1] if ranked else None


def key_plan(columns: list["ColumnResult"], kind: str) -> KeyPlan | None:
    """The key of ``kind`` in one table (name keys take an address beside them), or None."""
    of_kind = sorted(
        (c for c in columns if c.kind == kind and c.detector), key=lambda c: -c.match_ratio
    )
    if not of_kind:
        return None
    chosen = [of_kind[0]]
    partner = of_kind[0].detector.key_with if of_kind[0].detector else None
    if partner:
        extra = sorted((c for c in columns if c.kind == partner), key=lambda c: -c.match_ratio)
        chosen += extra[:1]
    ids_ = sorted((c for c in columns if c.kind == "cn_resident_id"), key=lambda c: -c.match_ratio)
    return KeyPlan(
        kind=kind,
        columns=[c.name for c in chosen],
        detectors=[c.detector for c in chosen if c.detector],
        id_column=ids_[0].name if ids_ else None,
        sensitive_columns=[
            c.name for c in columns if c.pi == "sensitive" and not c.embedded_sensitive
        ],
        sensitive_text=[(c.name, c.embedded_sensitive) for c in columns if c.embedded_sensitive],
    )


def normalise(values: "pa.Array", det: Detector, regex: str) -> "pa.Array":
    """Trimmed, case- and separator-normalised key values; null where the detector rejects."""
    import pyarrow.compute as pc

    v = pc.utf8_trim_whitespace(values)
    if det.normalise == "upper":
        v = pc.utf8_upper(v)
    elif det.normalise == "lower":
        v = pc.utf8_lower(v)
    else:
        v = pc.replace_substring_regex(v, r"\D", "")
        if det.normalise == "digits_last_11":
            v = pc.utf8_slice_codeunits(v, -11)
    ok = pc.fill_null(pc.match_substring_regex(v, regex), False)
    if det.kind == "cn_resident_id":
        v = upgrade_old_ids(pc.if_else(ok, v, None))
        ok = pc.fill_null(resident_id_check(v), False)
    return pc.if_else(ok, v, None)


def upgrade_old_ids(values: "pa.Array") -> "pa.Array":
    """15-digit resident IDs in their 18-digit form, so one person counts once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    old = pc.fill_null(pc.equal(pc.binary_length(values), 15), False)
    if not pc.any(old).as_py():
        return values
    py = values.to_pylist()
    for i in pc.indices_nonzero(old).to_pylist():
        py[i] = ids.resident_id_upgrade(py[i])
    return pa.array(py, pa.string())


def resident_id_check(values: "pa.Array") -> "pa.Array":
    """Vectorised GB 11643 check character test of 18-character strings (others: False)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    eighteen = pc.fill_null(pc.equal(pc.binary_length(values), 18), False)
    idx = pc.indices_nonzero(eighteen).to_numpy()
    result = np.zeros(len(values), dtype=bool)
    if len(idx):
        chosen = pc.take(values, pa.array(idx)).cast(pa.binary())
        raw = np.frombuffer(b"".join(chosen.to_pylist()), dtype=np.uint8).reshape(-1, 18)
        digits = raw[:, :17].astype(np.int64) - 48
        total = digits @ np.array(_RIC_WEIGHTS, dtype=np.int64)
        expected = np.frombuffer(b"10X98765432", dtype=np.uint8)[total % 11]
        result[idx] = (
            (raw[:, 17] == expected) & (digits.min(axis=1) >= 0) & (digits.max(axis=1) <= 9)
        )
    return pa.array(result)


def minor_flags(id_values: "pa.Array", on: date) -> "pa.Array":
    """True where a valid resident ID's birth date makes its holder younger than 14 on ``on``."""
    import pyarrow.compute as pc

    cutoff = ids.born_before_cutoff(on, 14).strftime("%Y%m%d")
    born = pc.utf8_slice_codeunits(id_values, 6, 14)
    return pc.fill_null(pc.greater(born, cutoff), False)


class ExactCounter:
    """Exact distinct counts in DuckDB over 128-bit hashes of the keys (no raw values stored)."""

    def __init__(self) -> None:
        import duckdb

        self._tmp = tempfile.TemporaryDirectory(prefix="chujing-scan-")
        self._con = duckdb.connect()
        self._con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        self._con.execute(f"SET temp_directory = '{self._tmp.name}'")
        self._con.execute("SET preserve_insertion_order = false")
        self._con.execute("CREATE TABLE keys (h UHUGEINT, s BOOLEAN, m BOOLEAN)")

    def add(self, keys: "pa.Array", sensitive: "pa.Array", minor: "pa.Array") -> None:
        """Add one batch of keys (nulls are skipped) with their row flags."""
        import pyarrow as pa

        batch = pa.table({"k": keys, "s": sensitive, "m": minor})  # noqa: F841 (DuckDB scans it)
        self._con.execute(
            "INSERT INTO keys SELECT DISTINCT md5_number(k), s, m FROM batch WHERE k IS NOT NULL"
        )

    def result(self) -> tuple[int, int, int]:
        """Distinct persons, distinct persons with sensitive PI (minors included), minors."""
        row = self._con.execute(
            "SELECT count(DISTINCT h), count(DISTINCT h) FILTER (WHERE s OR m),"
            " count(DISTINCT h) FILTER (WHERE m) FROM keys"
        ).fetchone()
        assert row is not None
        self._con.close()
        self._tmp.cleanup()
        return int(row[0]), int(row[1]), int(row[2])


class SketchCounter:
    """HyperLogLog sketches of salted key hashes: all persons, sensitive, minors."""

    def __init__(self, salt: bytes, lg_k: int = HLL_LG_K) -> None:
        import datasketches as ds

        self.salt = salt
        self.lg_k = lg_k
        self.sketches = {name: ds.hll_sketch(lg_k, ds.tgt_hll_type.HLL_8) for name in NAMES}

    def add(self, keys: "pa.Array", sensitive: "pa.Array", minor: "pa.Array") -> None:
        """Add one batch; only salted digests reach the sketches."""
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
