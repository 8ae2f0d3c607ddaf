"""Person sketches on disk: salted HyperLogLog sketches (no PI) that can be merged, so that
a year's cumulative distinct persons across several exports can be computed later.

Sketches merge only when made with the same salt (identified by a digest of it) and the
same kind of person key. The salt lives in the user's data directory unless given.
"""

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from chujing.scan.errors import ScanError
from chujing.scan.persons import NAMES, SketchCounter

FORMAT = "chujing-person-sketch"
SIGMAS = 2  # bounds at about 95 % confidence


def default_salt() -> bytes:
    """The salt from ``CHUJING_SKETCH_SALT`` or a file in the user data directory."""
    env = os.environ.get("CHUJING_SKETCH_SALT")
    if env:
        return env.encode()
    from platformdirs import user_data_dir

    path = Path(user_data_dir("chujing")) / "sketch-salt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip().encode()


def salt_id(salt: bytes) -> str:
    """A public identifier of a salt (a digest that does not reveal it)."""
    return hashlib.sha256(b"chujing-salt-id:" + salt).hexdigest()[:16]


@dataclass(frozen=True)
class Estimate:
    """An approximate distinct count with its bounds and relative standard error."""

    estimate: int
    lower: int
    upper: int
    relative_error: float


def estimate(sketch: object, lg_k: int) -> Estimate:
    """Estimate and ~95 % bounds of one HLL sketch.

    The sketch is merged with itself (a no-op on its registers) so that the union's
    order-independent estimator is used: a sketch built in one pass and the same sketch
    merged from partitions (Spark) are then estimated identically.
    """
    import datasketches as ds

    union = ds.hll_union(lg_k)
    union.update(sketch)
    union.update(sketch)
    sketch = union.get_result(ds.tgt_hll_type.HLL_8)
    assert isinstance(sketch, ds.hll_sketch)
    return Estimate(
        estimate=round(sketch.get_estimate()),
        lower=int(sketch.get_lower_bound(SIGMAS)),
        upper=-int(-sketch.get_upper_bound(SIGMAS) // 1),
        relative_error=round(ds.hll_sketch.get_rel_err(False, False, lg_k, 1), 5),
    )


def to_document(
    counter: SketchCounter, key_kind: str, rows: int, scan_date: str
) -> dict[str, object]:
    """The JSON document of a sketch file."""
    return {
        "format": FORMAT,
        "version": 1,
        "salt_id": salt_id(counter.salt),
        "key_kind": key_kind,
        "lg_k": counter.lg_k,
        "rows": rows,
        "scan_dates": [scan_date],
        "sketches": {
            n: base64.b64encode(counter.sketches[n].serialize_compact()).decode() for n in NAMES
        },
    }


def save(path: Path, document: dict[str, object]) -> None:
    """Write a sketch file atomically (never half-written)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> dict[str, object]:
    """Read and check a sketch file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ScanError(f"{path}：无法读取人数草图文件") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScanError(f"{path}：不是 chujing 人数草图文件")
    return doc


def merge(docs: list[dict[str, object]]) -> dict[str, object]:
    """The union of several sketch documents (same salt and key kind)."""
    import datasketches as ds

    if not docs:
        raise ScanError("没有可合并的草图")
    first = docs[0]
    for doc in docs[1:]:
        for field in ("salt_id", "key_kind"):
            if doc.get(field) != first.get(field):
                raise ScanError(f"草图的 {field} 不一致，不能合并（须使用同一盐值和同类人员标识）")
    lg_k = min(int(str(d["lg_k"])) for d in docs)
    merged: dict[str, str] = {}
    for name in NAMES:
        union = ds.hll_union(lg_k)
        for doc in docs:
            sketches = doc["sketches"]
            assert isinstance(sketches, dict)
            union.update(ds.hll_sketch.deserialize(base64.b64decode(sketches[name])))
        merged[name] = base64.b64encode(
            union.get_result(ds.tgt_hll_type.HLL_8).serialize_compact()
        ).decode()
    dates: list[str] = []
    for doc in docs:
        got = doc.get("scan_dates", [])
        assert isinstance(got, list)
        dates.extend(str(d) for d in got)
    return {
        **first,
        "lg_k": lg_k,
        "rows": sum(int(str(d.get("rows", 0))) for d in docs),
        "scan_dates": sorted(set(dates)),
        "sketches": merged,
    }


def estimates(doc: dict[str, object]) -> dict[str, Estimate]:
    """Estimates of every sketch in a document."""
    import datasketches as ds

    sketches = doc["sketches"]
    assert isinstance(sketches, dict)
    lg_k = int(str(doc["lg_k"]))
    return {
        n: estimate(ds.hll_sketch.deserialize(base64.b64decode(sketches[n])), lg_k) for n in NAMES
    }
