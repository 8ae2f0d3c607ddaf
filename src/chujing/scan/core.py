"""The scan: classify every table from a sample, then stream it once for the person counts.

Phase 1 reads the first ``sample`` rows of each table (the whole table when small) and
classifies its columns; columns nearly empty there are classified from their first values
further down. The strongest person key over all tables is chosen. Phase 2 streams every
table reading only the key, ID and sensitive columns — the regexes that dominate scanning
run on samples, not on every cell.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar
from zoneinfo import ZoneInfo

from chujing.scan import arrow, legal
from chujing.scan.classify import Classifier, ColumnResult
from chujing.scan.errors import ScanError
from chujing.scan.persons import (
    ExactCounter,
    KeyPlan,
    SketchCounter,
    key_plan,
    key_schema,
    key_values,
    minor_flags,
    strongest_kind,
)
from chujing.scan.readers import Table, expand, open_source
from chujing.scan.result import Column, Persons, ScanReport

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from chujing.scan.detectors import Detector

DEFAULT_SAMPLE = 10_000
WORKERS = min(4, os.cpu_count() or 1)  # threads computing the keys of phase 2
AHEAD = 2 * WORKERS  # batches in flight
SPARSE = 100  # a column with fewer non-blank values in the sample is read further
MAX_WARNINGS = 200
ID_KINDS = ("cn_resident_id", "passport", "hk_macao_taiwan_permit")
T = TypeVar("T")


def today_in_shanghai() -> date:
    """Scan date default: today in Asia/Shanghai."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@dataclass
class Options:
    """How to scan."""

    sample: int = DEFAULT_SAMPLE
    approx: bool = False
    table: str | None = None
    on: date = field(default_factory=today_in_shanghai)
    save_sketch: Path | None = None
    salt: bytes | None = None


class Warnings:
    """Collected warnings (capped), optionally echoed as they come."""

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self.items: list[str] = []
        self._seen: set[str] = set()
        self.dropped = 0
        self._echo = echo

    def add(self, message: str) -> None:
        """Record a warning once (phase 2 re-reads what phase 1 sampled); memory is capped."""
        if message in self._seen:
            return
        if len(self.items) < MAX_WARNINGS:
            self._seen.add(message)
            self.items.append(message)
            if self._echo:
                self._echo(message)
        else:
            self.dropped += 1

    def all(self) -> list[str]:
        """The warnings, and how many more were left out."""
        extra = [f"另有 {self.dropped} 条警告未列出"] if self.dropped else []
        return self.items + extra


class Progress(Protocol):
    """Receives progress; the CLI shows it on stderr, tests ignore it."""

    def table(self, source: str, total_bytes: int | None) -> None:
        """A new table starts streaming."""

    def rows(self, n: int) -> None:
        """``n`` more rows were read."""


class NoProgress:
    """Progress that goes nowhere."""

    def table(self, source: str, total_bytes: int | None) -> None:
        return None

    def rows(self, n: int) -> None:
        return None


@dataclass
class Classified:
    """A table with its classified columns."""

    table: Table
    columns: list[ColumnResult]


def sample_of(table: Table, n: int) -> "pa.Table":
    """The first ``n`` rows of a table (all of it when it is smaller)."""
    import pyarrow as pa

    got: list[pa.RecordBatch] = []
    rows = 0
    batches = table.head() if table.head else table.open_batches(None)
    try:
        for batch in batches:
            got.append(batch)
            rows += batch.num_rows
            if rows >= n:
                break
    finally:
        if hasattr(batches, "close"):
            batches.close()
    if not got:
        return pa.table({c: arrow.strings([]) for c in table.columns})
    return pa.Table.from_batches(got).slice(0, n)


def classify_tables(
    tables: list[Table], classifier: Classifier, opts: Options, warn: Warnings
) -> list[Classified]:
    """Phase 1: classify every readable table from its sample."""
    id_sensitive = id_number_sensitive()
    out = []
    for table in tables:
        try:
            sample = sample_of(table, opts.sample)
            sparse = sparse_columns(sample, classifier) if sample.num_rows == opts.sample else []
            extra = first_values(table, sparse, opts.sample, classifier) if sparse else {}
        except ScanError as exc:
            warn.add(str(exc))
            continue
        out.append(Classified(table, classify_sample(sample, classifier, id_sensitive, extra)))
    return out


def sparse_columns(sample: "pa.Table", classifier: Classifier) -> list[str]:
    """Columns with too few values in the sample to classify: look further down the table."""
    import pyarrow.compute as pc

    return [
        name
        for name in sample.column_names
        if (pc.sum(pc.invert(classifier.is_blank(leaves_of(sample, name)))).as_py() or 0) < SPARSE
    ]


def leaves_of(sample: "pa.Table", name: str) -> "pa.Array":
    """A sampled column's values, those of lists flattened."""
    return arrow.leaves(sample.column(name).combine_chunks())[0]


def first_values(
    table: Table, columns: list[str], want: int, classifier: Classifier
) -> dict[str, "pa.Array"]:
    """The first ``want`` non-blank values of each column, reading only those columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    got: dict[str, list[pa.Array]] = {c: [] for c in columns}
    count = dict.fromkeys(columns, 0)
    batches = table.open_batches(columns)
    try:
        for batch in batches:
            for name in columns:
                if count[name] >= want:
                    continue
                leaves = arrow.leaves(batch.column(batch.schema.get_field_index(name)))[0]
                col = pc.utf8_trim_whitespace(leaves)
                values = col.filter(pc.invert(classifier.is_blank(col)))
                got[name].append(values.slice(0, want - count[name]))
                count[name] += len(got[name][-1])
            if all(n >= want for n in count.values()):
                break
    finally:
        if hasattr(batches, "close"):
            batches.close()
    return {c: pa.concat_arrays(got[c]) if got[c] else arrow.strings([]) for c in columns}


def classify_sample(
    sample: "pa.Table",
    classifier: Classifier,
    id_sensitive: bool,
    extra: dict[str, "pa.Array"] | None = None,
) -> list[ColumnResult]:
    """Classify the columns of a sample (sparse ones from ``extra``, their first values in
    the whole table); ID numbers become sensitive under that setting."""
    extra = extra or {}
    results = classifier.classify_all(
        [(c, extra[c] if c in extra else leaves_of(sample, c)) for c in sample.column_names]
    )
    if id_sensitive:
        for r in results:
            if r.kind in ID_KINDS:
                r.pi, r.sensitive_kinds = "sensitive", ["other_sensitive"]
    return results


def id_number_sensitive() -> bool:
    """The ``id_number_sensitive`` setting of the rules (law.md §7)."""
    from chujing.rules import load_rules

    return bool(load_rules().setting_defaults.get("id_number_sensitive", False))


class RowKeys:
    """Phase-2 work on one batch: the person keys it names, each with its row's flags."""

    def __init__(self, plan: KeyPlan, classifier: Classifier, on: date) -> None:
        self.plan = plan
        self.classifier = classifier
        self.on = on
        self.id_det = classifier.catalogue.by_kind("cn_resident_id")

    def __call__(self, batch: "pa.RecordBatch") -> tuple["pa.RecordBatch", int]:
        """The keys (``key_schema``) and how many key values were masked.

        A column may hold a list per row (``contacts[].value`` of a JSON file): each value
        is then traced to its row (``arrow.leaves``); every person named counts."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        plan, classifier = self.plan, self.classifier
        n = batch.num_rows
        cache: dict[str, tuple[pa.Array, pa.Array]] = {}

        def column(name: str) -> tuple["pa.Array", "np.ndarray | None"]:
            return arrow.leaves(batch.column(batch.schema.get_field_index(name)))

        def keys_of(name: str, det: "Detector") -> tuple[pa.Array, pa.Array]:
            if name not in cache:
                cache[name] = key_values(column(name)[0], det, classifier)
            return cache[name]

        def per_row(hits: "pa.Array", rows: "np.ndarray | None") -> "np.ndarray":
            flags = arrow.mask(hits)
            if rows is None:
                return flags
            out = np.zeros(n, dtype=bool)
            out[rows[flags]] = True
            return out

        sensitive = np.zeros(n, dtype=bool)
        for name in plan.sensitive_columns:
            values, rows = column(name)
            filled = pc.invert(classifier.is_blank(pc.utf8_trim_whitespace(values)))
            sensitive |= per_row(filled, rows)
        for name, detectors in plan.sensitive_text:
            values, rows = column(name)
            for det in detectors:
                sensitive |= per_row(classifier.text_hits(det, values), rows)
        minor = np.zeros(n, dtype=bool)
        if plan.id_column and plan.kind != "cn_resident_id":  # else: from each key itself
            minor = per_row(minor_flags(keys_of(plan.id_column, self.id_det)[0], self.on),
                            column(plan.id_column)[1])  # fmt: skip
        found: list[tuple[np.ndarray | None, pa.Array]] = []  # (row of each key, keys)
        masked = 0
        if plan.columns:
            values, rows = column(plan.columns[0])
            key, hidden = keys_of(plan.columns[0], plan.detectors[0])
            masked = pc.sum(hidden).as_py() or 0
            aligned = [keys_of(c, d)[0] for c, d in zip(plan.columns, plan.detectors, strict=True)]
            if len(aligned) > 1 and all(column(c)[1] is None for c in plan.columns):
                key = pc.binary_join_element_wise(*aligned, arrow.text("\x1f"))
            found.append((rows, key))
            if len(aligned) == 1:
                where, inside = self._inside(values, plan.detectors[0], key, hidden)
                found.append((where if rows is None else rows[where], inside))
        for name, det in plan.text_keys:
            values, rows = column(name)
            where, inside = classifier.text_keys(det, values)
            found.append((where if rows is None else rows[where], inside))
        ks, ss, ms = [], [], []
        for rows, keys in found:
            ok = arrow.mask(pc.is_valid(keys))
            at = np.flatnonzero(ok) if rows is None else rows[ok]
            k = keys.filter(arrow.bools(ok))
            ks.append(k)
            ss.append(arrow.bools(sensitive[at]))
            ms.append(minor_flags(k, self.on) if plan.kind == "cn_resident_id" else
                      arrow.bools(minor[at]))  # fmt: skip
        out = pa.RecordBatch.from_arrays(
            [pa.concat_arrays(ks), pa.concat_arrays(ss), pa.concat_arrays(ms)], schema=key_schema()
        )
        return out, masked

    def _inside(
        self, raw: "pa.Array", det: "Detector", keys: "pa.Array", masked: "pa.Array"
    ) -> tuple["np.ndarray", "pa.Array"]:
        """Keys written inside a key cell that is not one whole key (``13800138000（本人）``,
        two numbers in one cell): looked for as in prose, so that they still count."""
        import numpy as np
        import pyarrow.compute as pc

        blank = pc.fill_null(self.classifier.is_blank(pc.utf8_trim_whitespace(raw)), arrow.true())
        left = pc.and_(pc.and_(pc.is_null(keys), pc.invert(masked)), pc.invert(blank))
        where = np.flatnonzero(arrow.mask(left))
        if not len(where):
            return where, keys.slice(0, 0)
        rows, inside = self.classifier.text_keys(det, raw.take(arrow.indices(where)))
        return where[rows], inside


@dataclass
class Tally:
    """What streaming the tables counted besides the keys."""

    rows: dict[str, int] = field(default_factory=dict)
    key_columns: list[str] = field(default_factory=list)
    masked: int = 0


def stream_keys(
    classified: list[Classified],
    kind: str | None,
    classifier: Classifier,
    opts: Options,
    warn: Warnings,
    progress: Progress,
    tally: Tally,
) -> Iterator["pa.RecordBatch"]:
    """Phase 2: stream every table once, yielding its person keys (``key_schema``)."""
    for item in classified:
        table = item.table
        plan = key_plan(item.columns, kind) if kind else None
        if kind and plan is None:
            warn.add(f"{table.source}：没有与其他表相同的人员标识列，其人数未计入")
        if plan:
            tally.key_columns.extend(c for c in plan.key_columns() if c not in tally.key_columns)
        keys = RowKeys(plan, classifier, opts.on) if plan else None
        progress.table(table.source, table.nbytes)
        count = 0
        needed = plan.needed() if plan else table.columns[:1]
        try:
            batches = table.open_batches(needed)
            if keys is None:
                for batch in batches:
                    count += batch.num_rows
                    progress.rows(batch.num_rows)
            else:
                for rows, (out, masked) in in_parallel(keys, batches):
                    count += rows
                    progress.rows(rows)
                    tally.masked += masked
                    if out.num_rows:
                        yield out
        except ScanError as exc:
            warn.add(f"{exc}；此前的 {count} 行已计入")
        tally.rows[table.source] = count


def in_parallel(
    work: Callable[["pa.RecordBatch"], T], batches: Iterable["pa.RecordBatch"]
) -> Iterator[tuple[int, T]]:
    """``work`` on each batch (with its row count), in order, on ``WORKERS`` threads: the
    Arrow and NumPy kernels of a batch release the GIL, so batches overlap each other and
    the parser. At most ``AHEAD`` batches are held at once (memory stays bounded)."""
    if WORKERS < 2:
        for batch in batches:
            yield batch.num_rows, work(batch)
        return
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    pending: deque[tuple[int, Future[T]]] = deque()
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="chujing-scan") as pool:
        try:
            for batch in batches:
                pending.append((batch.num_rows, pool.submit(work, batch)))
                if len(pending) >= AHEAD:
                    rows, done = pending.popleft()
                    yield rows, done.result()
            while pending:
                rows, done = pending.popleft()
                yield rows, done.result()
        finally:
            for _, left in pending:
                left.cancel()


def sketched(keys: Iterator["pa.RecordBatch"], sketch: SketchCounter) -> Iterator["pa.RecordBatch"]:
    """The key stream, each batch also added to the sketches on its way."""
    for batch in keys:
        sketch.add_batch(batch)
        yield batch


def scan(
    sources: list[str],
    opts: Options | None = None,
    *,
    progress: Progress | None = None,
    warnings: Warnings | None = None,
) -> ScanReport:
    """Scan sources into the contract §2 report; ScanError when nothing could be read."""
    opts = opts or Options()
    warn = warnings or Warnings()
    progress = progress or NoProgress()
    tables: list[Table] = []
    errors: list[str] = []
    for src in expand(sources):
        try:
            tables.extend(open_source(src, warn.add, table=opts.table))
        except ScanError as exc:
            errors.append(str(exc))
    classifier = Classifier()
    classified = classify_tables(tables, classifier, opts, warn) if tables else []
    if not classified:
        raise ScanError("；".join(errors) if errors else "没有可读取的数据")
    for message in errors:
        warn.add(message)
    all_columns = [c for item in classified for c in item.columns]
    kind = strongest_kind(all_columns)
    tally = Tally()
    keys = stream_keys(classified, kind, classifier, opts, warn, progress, tally)
    sketch = SketchCounter(salt_of(opts)) if (opts.approx or opts.save_sketch) else None
    if sketch:
        keys = sketched(keys, sketch)
    if opts.approx:
        exact = None
        for _ in keys:
            pass
    else:
        exact = ExactCounter(kind).count(keys)
    persons = persons_of(exact, sketch, kind, tally.key_columns, tally.masked)
    if sketch and opts.save_sketch:
        save_sketch(sketch, kind, sum(tally.rows.values()), opts)
    tables_out = [(item.table.source, item.columns) for item in classified]
    return assemble(tables_out, tally.rows, persons, opts, warn)


def save_sketch(sketch: SketchCounter, kind: str | None, rows: int, opts: Options) -> None:
    """Write the person sketch file asked for with ``--save-sketch``."""
    from chujing.scan import sketch as sketch_file

    assert opts.save_sketch is not None
    doc = sketch_file.to_document(sketch, kind or "none", rows, opts.on.isoformat())
    sketch_file.save(opts.save_sketch, doc)


def assemble(
    tables: list[tuple[str, list[ColumnResult]]],
    rows: dict[str, int],
    persons: Persons,
    opts: Options,
    warn: Warnings,
) -> ScanReport:
    """The contract §2 report from classified tables, row counts and person counts."""
    columns = [
        Column(
            source=source,
            name=c.name,
            kind=c.kind,
            pi=c.pi,
            sensitive_kinds=c.sensitive_kinds,
            confidence=c.confidence,
            match_ratio=c.match_ratio,
            examples=c.examples,
            element=legal.column_element(c.name, c.kind),
        )
        for source, results in tables
        for c in results
    ]
    kinds = {k for c in columns for k in c.sensitive_kinds}
    if persons.minors_under_14:
        kinds.add("minor_under_14")
    return ScanReport(
        sources=[source for source, _ in tables],
        rows=sum(rows.values()),
        columns=columns,
        persons=persons,
        annex_flags=legal.annex_flags(persons, kinds, opts.on),
        national_tiers=legal.national_tier(persons, opts.on),
        plan=legal.plan_skeleton(columns, persons, opts.on),
        scan_date=opts.on.isoformat(),
        tables=rows,
        warnings=warn.all(),
    )


def salt_of(opts: Options) -> bytes:
    """The sketch salt: given in the options, or the installation's."""
    if opts.salt:
        return opts.salt
    from chujing.scan.sketch import default_salt

    return default_salt()


def persons_of(
    exact: tuple[int, int, int] | None,
    sketch: SketchCounter | None,
    kind: str | None,
    key: list[str],
    masked: int,
) -> Persons:
    """The persons block of the report, from exact counts or else from the sketches."""
    if exact is not None:
        distinct, sensitive, minors = exact
        return Persons(
            distinct=distinct,
            sensitive_distinct=sensitive,
            minors_under_14=minors,
            method="exact",
            key=key,
            key_kind=kind,
            masked=masked,
        )
    assert sketch is not None
    from chujing.scan.sketch import estimate

    est = {n: estimate(s, sketch.lg_k) for n, s in sketch.sketches.items()}
    return Persons(
        distinct=est["persons"].estimate,
        sensitive_distinct=est["sensitive"].estimate,
        minors_under_14=est["minors"].estimate,
        method="approximate",
        key=key,
        key_kind=kind,
        masked=masked,
        bounds={
            "distinct": [est["persons"].lower, est["persons"].upper],
            "sensitive_distinct": [est["sensitive"].lower, est["sensitive"].upper],
            "minors_under_14": [est["minors"].lower, est["minors"].upper],
        },
        relative_error=est["persons"].relative_error,
    )
