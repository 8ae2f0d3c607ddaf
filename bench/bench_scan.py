"""Benchmark of `chujing scan` against the machine's floor and against its peers, in one run.

For each file (a synthetic table of --rows rows and 23 columns as UTF-8 CSV, GBK CSV and
Parquet; --xlsx-rows rows as .xlsx) it measures, each in its own process (the peak RSS of
that process alone), best of --runs:

- the floor: DuckDB's exact ``count(DISTINCT id)`` on the same file (GBK: on the UTF-8 file,
  DuckDB cannot decode GBK; .xlsx: openpyxl reading every cell once);
- ``chujing scan FILE --format json`` (the CLI, start-up included), with its person count
  checked against the generator's truth;
- the DuckDB and Polars regex passes: every detector pattern over every column;
- Presidio (spaCy blank Chinese pipeline, ID/mobile/card/e-mail recognizers) on --presidio-rows
  rows, extrapolated to the file's rows.

Ratios are to the floor. ``--small N`` also scans an N-row CSV (fixed cost, and the cost of
each further million rows); ``--repeat K`` the CSV's rows K times (memory on a large file).
The machine's load moves the figures: compare ratios, take best of several runs.

    .venv/bin/python bench/bench_scan.py --runs 3 --small 100000
    .venv/bin/python bench/bench_scan.py --rows 100000 --xlsx-rows 10000   # quick
Peers: pip install -e '.[bench]' (polars, presidio-analyzer); missing ones are reported.
"""

import argparse
import csv as csv_module
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
SCAN_DATE = date(2026, 3, 1)
FORMATS = ("csv", "gbk", "parquet", "xlsx")
ID_HEADER = "身份证号"  # plain headers, so that the floor knows which column to count


def generate(
    out: Path, rows: int, xlsx_rows: int, seed: int, messy: bool, formats: tuple[str, ...] = FORMATS
) -> dict[str, Path]:
    """The benchmark files, generated once per size, seed and messiness."""
    from chujing import synth

    out.mkdir(parents=True, exist_ok=True)
    tag = f"{rows}_{seed}{'_messy' if messy else ''}"
    files = {
        "csv": out / f"scan_{tag}.csv",
        "gbk": out / f"scan_{tag}.gbk.csv",
        "parquet": out / f"scan_{tag}.parquet",
        "xlsx": out / f"scan_{xlsx_rows}_{seed}{'_messy' if messy else ''}.xlsx",
    }
    files = {fmt: path for fmt, path in files.items() if fmt in formats}
    for fmt, path in files.items():
        if path.exists():
            continue
        print(f"generating {path.name} …", file=sys.stderr)
        if fmt in ("gbk", "parquet") and files.get("csv", path).exists():
            derived(files["csv"], path, fmt)
            continue
        n = xlsx_rows if fmt == "xlsx" else rows
        kind = "csv" if fmt == "gbk" else fmt
        encoding = "gbk" if fmt == "gbk" else "utf-8"
        tmp = path.with_name("tmp_" + path.name)
        synth.write(
            tmp, rows=n, seed=seed, fmt=kind, encoding=encoding, as_of=SCAN_DATE,
            plain_headers=True, messy=messy,
        )  # fmt: skip
        synth.truth_path(tmp).replace(synth.truth_path(path))
        tmp.replace(path)
    return files


def derived(csv: Path, path: Path, fmt: str) -> None:
    """The GBK CSV or the Parquet file holding the UTF-8 CSV's rows (what the generator
    writes for the same seed, in a fraction of its time): the same rows and truth."""
    tmp = path.with_name("tmp_" + path.name)
    if fmt == "gbk":
        with (
            csv.open(encoding="utf-8", newline="") as src,
            tmp.open("w", encoding="gbk", newline="") as dst,
        ):
            while chunk := src.read(1 << 22):
                dst.write(chunk)
    else:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        with csv.open(encoding="utf-8", newline="") as fh:
            names = next(csv_module.reader(fh))
        table = pacsv.read_csv(
            csv,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        pq.write_table(table, tmp, row_group_size=50_000)  # the generator's row groups
    truth = json.loads(csv.with_name(csv.stem + ".truth.json").read_text("utf-8"))
    path.with_name(path.stem + ".truth.json").write_text(json.dumps(truth), "utf-8")
    tmp.replace(path)


def repeated(csv: Path, times: int) -> Path:
    """The CSV's rows repeated ``times`` times under one header (same persons, more rows)."""
    big = csv.with_name(f"{csv.stem}.x{times}.csv")
    if not big.exists():
        tmp = big.with_suffix(".tmp")
        with csv.open("rb") as src, tmp.open("wb") as dst:
            header = src.readline()
            dst.write(header)
            for _ in range(times):
                src.seek(len(header))
                while chunk := src.read(1 << 24):
                    dst.write(chunk)
        tmp.replace(big)
    return big


# Each case runs in a child process: ``bench_scan.py --child CASE FILE``.


def child_floor(path: Path) -> dict[str, Any]:
    """DuckDB's exact distinct count of the ID column (openpyxl's full read for .xlsx)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        cells = sum(len(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
        return {"rows": cells, "persons": None}
    import duckdb

    rel = _duckdb_relation(path)
    row = duckdb.connect().execute(f'SELECT count(DISTINCT "{ID_HEADER}") FROM {rel}').fetchone()
    return {"rows": None, "persons": row[0] if row else None}


def _duckdb_relation(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', all_varchar=true, header=true)"


def child_scan(path: Path) -> dict[str, Any]:
    """The CLI, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "chujing", "scan", str(path), "--format", "json",
         "--date", SCAN_DATE.isoformat()],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    return {"rows": report["rows"], "persons": report["persons"]["distinct"]}


def child_duckdb_regex(path: Path) -> dict[str, Any]:
    """DuckDB reading the file and applying every detector pattern to every column."""
    import duckdb

    from chujing.scan.detectors import load_catalogue

    cat = load_catalogue()
    con = duckdb.connect()
    rel = _duckdb_relation(path)
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()]
    exprs = [
        f"count_if(regexp_matches(\"{col}\", '{cat.regex(det).replace(chr(39), chr(39) * 2)}'))"
        for col in columns
        for det in cat.detectors
    ]
    row = con.execute(f"SELECT count(*), {', '.join(exprs)} FROM {rel}").fetchone()
    return {"rows": row[0] if row else 0, "persons": None}


def child_polars_regex(path: Path) -> dict[str, Any]:
    """Polars reading the file and applying every detector pattern to every column."""
    import polars as pl

    from chujing.scan.detectors import load_catalogue

    cat = load_catalogue()
    if path.suffix == ".parquet":
        df = pl.read_parquet(path)
    elif path.suffix == ".xlsx":
        df = pl.read_excel(path, infer_schema_length=0)
    else:
        df = pl.read_csv(path, infer_schema_length=0)
    exprs = [
        pl.col(col).cast(pl.String).str.contains(cat.regex(det)).sum().alias(f"{i}_{j}")
        for i, col in enumerate(df.columns)
        for j, det in enumerate(cat.detectors)
    ]
    df.select(exprs)
    return {"rows": df.height, "persons": None}


def child_presidio(path: Path, rows: int) -> dict[str, Any]:
    """Presidio on the first ``rows`` rows, each row's text analysed as one document."""
    import csv
    import tempfile

    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    model = tempfile.mkdtemp()
    spacy.blank("zh").to_disk(model)
    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "zh", "model_name": model}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["zh"])
    for entity, pattern in {
        "CN_RESIDENT_ID": r"\d{17}[\dXx]",
        "CN_MOBILE": r"1[3-9]\d{9}",
        "BANK_CARD": r"\d{16,19}",
        "EMAIL": r"[\w.+-]+@[\w-]+\.[\w.]+",
    }.items():
        registry.add_recognizer(
            PatternRecognizer(
                supported_entity=entity,
                supported_language="zh",
                patterns=[Pattern(entity, pattern, 0.6)],
            )
        )
    analyzer = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["zh"])
    with path.open(encoding="utf-8") as fh:
        lines = [",".join(r) for _, r in zip(range(rows + 1), csv.reader(fh), strict=False)][1:]
    start = time.perf_counter()
    for line in lines:
        analyzer.analyze(line, language="zh")
    return {"rows": len(lines), "persons": None, "seconds": time.perf_counter() - start}


def child(case: str, path: Path, extra: int) -> None:
    start = time.perf_counter()
    if case == "floor":
        got = child_floor(path)
    elif case == "scan":
        got = child_scan(path)
    elif case == "duckdb":
        got = child_duckdb_regex(path)
    elif case == "polars":
        got = child_polars_regex(path)
    else:
        got = child_presidio(path, extra)
    got.setdefault("seconds", time.perf_counter() - start)
    got["rss_mb"] = own_peak_mb()
    print(json.dumps(got))


def own_peak_mb() -> float:
    """The peak RSS of this case: this process's own high-water mark (``VmHWM``) or that of
    the process it ran (the CLI), whichever is larger.

    Not the ``ru_maxrss`` the parent gets from ``wait4``: on Linux a process keeps, across
    ``fork`` and ``exec``, the high-water mark of the process it was forked from, so every
    case would show at least the benchmark's own peak (it converts the CSV to Parquet)."""
    import resource

    peak_kb = 0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                peak_kb = int(line.split()[1])
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    return max(peak_kb, children) / 1024


def measure(case: str, path: Path, runs: int, extra: int = 0) -> dict[str, Any] | str:
    """Best of ``runs``: wall seconds and the case's own peak RSS (``own_peak_mb``)."""
    import tempfile

    best: dict[str, Any] | None = None
    for _ in range(runs):
        with tempfile.TemporaryFile("w+") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", case, str(path), str(extra)],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
            assert proc.stdout is not None
            out = proc.stdout.read()
            _, status, _ = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                err.seek(0)
                last = (err.read().strip().splitlines() or ["?"])[-1]
                return f"failed: {last[:120]}"
        got = json.loads(out.strip().splitlines()[-1])
        got["wall"] = wall
        if best is None or got["wall"] < best["wall"]:
            best = got
    assert best is not None
    return best


def available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1, help="best of N runs")
    parser.add_argument("--clean", action="store_true", help="canonical spellings only")
    parser.add_argument("--small", type=int, default=0, help="also an N-row CSV (fixed cost)")
    parser.add_argument("--repeat", type=int, default=0, help="also the CSV's rows K times")
    parser.add_argument("--presidio-rows", type=int, default=2000)
    parser.add_argument(
        "--peers", default="duckdb,polars,presidio", help="peers to run (comma-separated; none)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the files are generated")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), int(args.child[2]))
        return
    files = generate(args.out, args.rows, args.xlsx_rows, args.seed, not args.clean)
    peers = [("duckdb", "duckdb"), ("polars", "polars"), ("presidio", "presidio_analyzer")]
    peers = [(case, module) for case, module in peers if case in args.peers.split(",")]
    rows = []
    for fmt, path in files.items():
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
        floor_file = files["csv"] if fmt == "gbk" else path
        floor = measure("floor", floor_file, args.runs)
        scan = measure("scan", path, args.runs)
        cases: list[tuple[str, dict[str, Any] | str]] = [("floor", floor), ("chujing", scan)]
        for case, module in peers:
            if not available(module):
                cases.append((case, "not installed"))
            elif (case == "duckdb" and fmt in ("gbk", "xlsx")) or (case, fmt) == ("polars", "gbk"):
                cases.append((case, "cannot read this file (GBK: UTF-8 only; .xlsx)"))
            elif case == "presidio":
                if fmt != "csv":
                    continue
                got = measure(case, path, 1, args.presidio_rows)
                if isinstance(got, dict):
                    got["wall"] = got["seconds"] * truth["rows"] / max(1, got["rows"])
                    got["note"] = f"{got['rows']:,} rows, extrapolated"
                cases.append((case, got))
            else:
                cases.append((case, measure(case, path, args.runs)))
        rows.append((fmt, path, truth, cases))
        print(f"done: {fmt}", file=sys.stderr)
    if args.small:
        small = generate(args.out, args.small, 0, args.seed, not args.clean, ("csv",))["csv"]
        truth = json.loads(small.with_name(small.stem + ".truth.json").read_text("utf-8"))
        cases = [("floor", measure("floor", small, args.runs))]
        cases.append(("chujing", measure("scan", small, args.runs)))
        rows.append((f"csv {args.small // 1000}k", small, truth, cases))
    if args.repeat:
        big = repeated(files["csv"], args.repeat)
        truth = json.loads(files["csv"].with_name(files["csv"].stem + ".truth.json").read_text())
        truth = {**truth, "rows": truth["rows"] * args.repeat}
        rows.append((f"csv ×{args.repeat}", big, truth, [("chujing", measure("scan", big, 1))]))
    report(rows, args)


def report(rows: list[tuple[str, Path, dict[str, Any], list[Any]]], args: Any) -> None:
    print(
        f"rows={args.rows:,} (xlsx {args.xlsx_rows:,})  messy={not args.clean}  best of {args.runs}"
    )
    head = ("file", "case", "MB", "s", "rows/s", "RSS MB", "× floor", "persons")
    print("{:<10}{:<10}{:>8}{:>9}{:>12}{:>8}{:>9}  {}".format(*head))
    times: dict[str, float] = {}
    for fmt, path, truth, cases in rows:
        mb = path.stat().st_size / 1e6
        base = next((c for n, c in cases if n == "floor" and isinstance(c, dict)), None)
        for name, got in cases:
            if isinstance(got, str):
                print(f"{fmt:<10}{name:<10}{mb:>8.0f}  {got}")
                continue
            ratio = f"{got['wall'] / base['wall']:.2f}" if base else "-"
            persons = "-"
            if name == "chujing":
                want = truth["persons"]["distinct"]
                persons = f"{got['persons']:,} {'ok' if got['persons'] == want else 'WRONG'}"
                times[fmt] = got["wall"]
            note = f"  ({got['note']})" if got.get("note") else ""
            rate = truth["rows"] / got["wall"]
            print(
                f"{fmt:<10}{name:<10}{mb:>8.0f}{got['wall']:>9.2f}{rate:>12,.0f}"
                f"{got['rss_mb']:>8.0f}{ratio:>9}  {persons}{note}"
            )
    if "csv" in times and "gbk" in times:
        print(f"GBK / UTF-8: {times['gbk'] / times['csv']:.2f}")
    small = next((f for f in times if f.startswith("csv ") and f.endswith("k")), None)
    if small and "csv" in times:
        extra = (times["csv"] - times[small]) / ((args.rows - args.small) / 1e6)
        print(f"cost per further 1M rows: {extra:.2f} s")
    print(f"cpu cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
