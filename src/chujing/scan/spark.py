"""The same scan on Apache Spark: the same detectors and key normalisation run inside
Python workers on Arrow batches (``mapInArrow``); Spark does the reading, the distinct
counts and the merging of per-partition sketches.

Sources: CSV/TSV (encoding detected on the driver, decoded by Spark), Parquet, JSON Lines
and tables of the session's catalogue (``hive:db.table``). Local mode by default; on a
cluster, run under ``spark-submit`` and the active session is used (docs/scan.md).
"""

import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from chujing.scan.classify import Classifier, ColumnResult
from chujing.scan.core import (
    NoProgress,
    Options,
    Progress,
    RowKeys,
    Warnings,
    assemble,
    classify_sample,
    id_number_sensitive,
    persons_of,
    salt_of,
    save_sketch,
    sparse_columns,
)
from chujing.scan.errors import ScanError
from chujing.scan.persons import NAMES, KeyPlan, SketchCounter, key_plan, strongest_kind
from chujing.scan.readers import expand
from chujing.scan.table import looks_like_data, unique_names
from chujing.scan.textio import HEAD, detect_encoding

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from chujing.scan.result import ScanReport

HIVE_PREFIX = "hive:"
JAVA_CODECS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}


def session() -> "SparkSession":
    """The active Spark session, or a local one (``CHUJING_SPARK_MASTER``, default local[2])."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers see chujing too
    builder = (
        SparkSession.builder.appName("chujing-scan")
        .master(os.environ.get("CHUJING_SPARK_MASTER", "local[2]"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if os.environ.get("CHUJING_SPARK_HIVE") == "1":
        builder = builder.enableHiveSupport()
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def read(spark: "SparkSession", src: str) -> tuple[str, "DataFrame"]:
    """One source as a DataFrame of string columns named as the local readers name them."""
    from pyspark.sql import functions as F

    if src.startswith(HIVE_PREFIX):
        df = spark.table(src[len(HIVE_PREFIX) :])
    elif "://" in src:
        raise ScanError(f"{src}：Spark 引擎不读取数据库 URL，请用 hive:库.表 或本地引擎")
    else:
        path = Path(src)
        if not path.is_file():
            raise ScanError(f"{src}：文件不存在")
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            raise ScanError(f"{src}：Spark 引擎不读取 .xlsx，请用本地引擎")
        if suffix == ".parquet":
            df = spark.read.parquet(str(path))
        elif suffix in {".jsonl", ".ndjson", ".json"}:
            df = _json(spark, path)
        else:
            df = _csv(spark, path)
    names = unique_names(df.columns)
    df = df.select(
        *[
            F.col(f"`{c}`").alias(n)
            if dtype.startswith("array")
            else F.col(f"`{c}`").cast("string").alias(n)
            for (c, dtype), n in zip(df.dtypes, names, strict=True)
        ]
    )
    return src, df


def _json(spark: "SparkSession", path: Path) -> "DataFrame":
    """JSON Lines or a .json document, flattened by path in the workers as the local reader
    does (the columns are the paths the local reader finds)."""
    from chujing.scan.jsonfile import is_list_path, json_table

    columns = json_table(path, lambda m: None).columns
    whole = path.suffix.lower() == ".json"
    schema = ", ".join(f"`{c}` {'array<string>' if is_list_path(c) else 'string'}" for c in columns)
    text = spark.read.text(str(path), wholetext=whole)
    return text.mapInArrow(_flattened(path, columns, whole), schema)


def _flattened(
    path: Path, columns: list[str], whole: bool
) -> Callable[[Iterator["pa.RecordBatch"]], Iterator["pa.RecordBatch"]]:
    """Worker function: lines of JSON to record batches of path columns."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        from chujing.scan.jsonfile import parse_lines, to_batch

        for batch in batches:
            rows = list(parse_lines(path, batch.column(0).to_pylist(), whole))
            if rows:
                yield to_batch(rows, columns)

    return run


def _csv(spark: "SparkSession", path: Path) -> "DataFrame":
    import csv

    with path.open("rb") as fh:
        head = fh.read(HEAD)
    if not head.strip():
        raise ScanError(f"{path}：文件为空")
    encoding = detect_encoding(head, str(path))
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    header = head.split(b"\n", 1)[0].rstrip(b"\r").decode(codec, errors="replace").lstrip("\ufeff")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    cells = next(csv.reader([header], delimiter=delimiter))
    headless = looks_like_data(cells)
    columns = unique_names([None] * len(cells) if headless else cells)
    if codec != "utf-8":
        spark.conf.set("spark.sql.legacy.javaCharsets", "true")  # Spark 4 allows GBK only so
    df = (
        spark.read.option("header", "false" if headless else "true")
        .option("encoding", JAVA_CODECS[encoding])
        .option("sep", delimiter)
        .option("escape", '"')
        .option("mode", "DROPMALFORMED")
        .csv(str(path))
    )
    return df.toDF(*columns)


def _hash_batches(
    plan: KeyPlan, on: date
) -> Callable[[Iterator["pa.RecordBatch"]], Iterator["pa.RecordBatch"]]:
    """Worker function: key digests (MD5) with their rows' flags; one more row per batch
    carries how many key values were masked (``x``)."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import hashlib

        import pyarrow as pa

        keys = RowKeys(plan, Classifier(), on)
        names = plan.needed()
        for batch in batches:
            out, masked = keys(pa.RecordBatch.from_arrays(batch.columns, names=names))
            k, s, m = (c.to_pylist() for c in out.columns)
            yield pa.record_batch(
                [
                    pa.array([hashlib.md5(v.encode()).digest() for v in k] + [None], pa.binary()),
                    pa.array([*s, False]),
                    pa.array([*m, False]),
                    pa.array([0] * len(k) + [masked], pa.int64()),
                ],
                names=["h", "s", "m", "x"],
            )

    return run


def _sketch_batches(
    plan: KeyPlan, on: date, salt: bytes
) -> Callable[[Iterator["pa.RecordBatch"]], Iterator["pa.RecordBatch"]]:
    """Worker function: one row of serialised HLL sketches per partition."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        keys = RowKeys(plan, Classifier(), on)
        counter = SketchCounter(salt)
        names = plan.needed()
        for batch in batches:
            counter.add_batch(keys(pa.RecordBatch.from_arrays(batch.columns, names=names))[0])
        yield pa.record_batch(
            [pa.array([counter.sketches[n].serialize_compact()], pa.binary()) for n in NAMES],
            names=list(NAMES),
        )

    return run


def scan_spark(
    sources: list[str],
    opts: Options | None = None,
    *,
    progress: Progress | None = None,
    warnings: Warnings | None = None,
    spark: "SparkSession | None" = None,
) -> "ScanReport":
    """Scan with Spark; the report equals the local engine's on the same data."""
    from pyspark.sql import functions as F

    opts = opts or Options()
    warn = warnings or Warnings()
    progress = progress or NoProgress()
    frames = _frames(spark or session(), sources, warn)
    classifier = Classifier()
    id_sensitive = id_number_sensitive()
    classified: list[tuple[str, DataFrame, list[ColumnResult]]] = []
    for src, df in frames:
        sample = df.limit(opts.sample).toArrow()
        sparse = sparse_columns(sample, classifier) if sample.num_rows == opts.sample else []
        extra = {c: _first_values(df, c, opts.sample, classifier) for c in sparse}
        classified.append((src, df, classify_sample(sample, classifier, id_sensitive, extra)))
    kind = strongest_kind([c for _, _, cols in classified for c in cols])
    rows: dict[str, int] = {}
    key_columns: list[str] = []
    hashed: DataFrame | None = None
    sketch_parts: list[DataFrame] = []
    want_sketch = opts.approx or opts.save_sketch is not None
    salt = salt_of(opts) if want_sketch else b""
    for src, df, cols in classified:
        progress.table(src, None)
        rows[src] = df.count()
        progress.rows(rows[src])
        plan = key_plan(cols, kind) if kind else None
        if kind and plan is None:
            warn.add(f"{src}：没有与其他表相同的人员标识列，其人数未计入")
        if plan is None:
            continue
        key_columns.extend(c for c in plan.key_columns() if c not in key_columns)
        needed = plan.needed()
        # plain names into the workers (Spark resolves dotted paths there); renamed back
        part = df.select(*[F.col(f"`{c}`").alias(f"c{i}") for i, c in enumerate(needed)])
        if not opts.approx:
            schema = "h binary, s boolean, m boolean, x long"
            h = part.mapInArrow(_hash_batches(plan, opts.on), schema)
            hashed = h if hashed is None else hashed.unionAll(h)
        if want_sketch:
            schema = ", ".join(f"{n} binary" for n in NAMES)
            sketch_parts.append(part.mapInArrow(_sketch_batches(plan, opts.on, salt), schema))
    exact, masked = (None, 0) if opts.approx else _distinct(hashed)
    sketch = _merge_parts(sketch_parts, salt) if want_sketch else None
    persons = persons_of(exact, sketch, kind, key_columns, masked)
    if sketch and opts.save_sketch:
        save_sketch(sketch, kind, sum(rows.values()), opts)
    return assemble([(src, cols) for src, _, cols in classified], rows, persons, opts, warn)


def _frames(
    spark: "SparkSession", sources: list[str], warn: Warnings
) -> list[tuple[str, "DataFrame"]]:
    """Every readable source as a DataFrame; unreadable ones become warnings (or the error
    when none is readable)."""
    frames = []
    errors = []
    hive = [s for s in sources if s.startswith(HIVE_PREFIX)]
    for src in hive + expand([s for s in sources if not s.startswith(HIVE_PREFIX)]):
        try:
            frames.append(read(spark, src))
        except ScanError as exc:
            errors.append(str(exc))
    if not frames:
        raise ScanError("；".join(errors) if errors else "没有可读取的数据")
    for message in errors:
        warn.add(message)
    return frames


def _first_values(df: "DataFrame", column: str, want: int, classifier: Classifier) -> "pa.Array":
    """The first ``want`` non-blank (trimmed) values of a column, as the local engine reads."""
    from pyspark.sql import functions as F

    blank = ["", *classifier.catalogue.vocab.null_tokens]
    raw = F.col(f"`{column}`")
    if dict(df.dtypes)[column].startswith("array"):
        df = df.select(F.explode(raw).alias(column))
    value = F.trim(F.col(f"`{column}`"))
    rows = df.select(value.alias("v")).where(value.isNotNull() & ~value.isin(blank)).limit(want)
    return rows.toArrow().column("v").combine_chunks()


def _distinct(hashed: "DataFrame | None") -> tuple[tuple[int, int, int], int]:
    """Exact distinct persons, sensitive persons and minors; and the masked key values."""
    from pyspark.sql import functions as F

    if hashed is None:
        return (0, 0, 0), 0
    row = hashed.agg(
        F.count_distinct("h"),
        F.count_distinct(F.when(F.col("s") | F.col("m"), F.col("h"))),
        F.count_distinct(F.when(F.col("m"), F.col("h"))),
        F.sum("x"),
    ).first()
    assert row is not None
    return (int(row[0]), int(row[1]), int(row[2])), int(row[3] or 0)


def _merge_parts(parts: list["DataFrame"], salt: bytes) -> SketchCounter:
    import datasketches as ds

    counter = SketchCounter(salt)
    unions = {n: ds.hll_union(counter.lg_k) for n in NAMES}
    for part in parts:
        for row in part.collect():
            for n in NAMES:
                unions[n].update(ds.hll_sketch.deserialize(bytes(row[n])))
    counter.sketches = {n: unions[n].get_result(ds.tgt_hll_type.HLL_8) for n in NAMES}
    return counter
