"""`chujing scan`: find personal information in datasets and count the persons (contract §2).

Heavy libraries are imported inside the commands so that other commands start fast.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chujing.cli.io import day_option, fail

if TYPE_CHECKING:
    from chujing.scan.core import Options, Progress
    from chujing.scan.result import ScanReport


def scan(
    sources: Annotated[list[str], typer.Argument(help="文件、目录、通配符或数据库 URL")],
    fmt: Annotated[str, typer.Option("--format", help="json | text")] = "text",
    sample: Annotated[
        int, typer.Option("--sample", min=1, help="每表用于识别列类型的行数")
    ] = 10_000,
    approx: Annotated[bool, typer.Option("--approx", help="用 HyperLogLog 近似计数")] = False,
    table: Annotated[
        str | None, typer.Option("--table", help="数据库表名（省略则扫描所有表）")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="扫描基准日期 YYYY-MM-DD")] = None,
    save_sketch: Annotated[
        Path | None, typer.Option("--save-sketch", help="保存加盐人数草图（不含个人信息）")
    ] = None,
    report: Annotated[Path | None, typer.Option("--report", help="另存 HTML 报告")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local | spark")] = "local",
) -> None:
    """扫描数据集中的个人信息、敏感个人信息，并统计涉及的自然人数。"""
    if fmt not in ("json", "text"):
        fail(f"--format 应为 json 或 text，而不是 {fmt}")
    if engine not in ("local", "spark"):
        fail(f"--engine 应为 local 或 spark，而不是 {engine}")
    day = day_option(on, "--date")
    from chujing.scan.core import Options, Warnings
    from chujing.scan.core import scan as run_scan
    from chujing.scan.errors import ScanError

    opts = Options(sample=sample, approx=approx, table=table, save_sketch=save_sketch)
    if day:
        opts.on = day
    try:
        with _progress() as progress:
            if engine == "spark":
                result = _spark(sources, opts, progress)
            else:
                result = run_scan(sources, opts, progress=progress, warnings=Warnings())
        if report:
            from chujing.scan.html import write_html

            write_html(result, report)
    except ScanError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"读写失败：{exc.strerror or exc}")
    if fmt == "json":
        typer.echo(result.model_dump_json(indent=2))
        for warning in result.warnings:
            typer.secho(f"警告：{warning}", err=True, fg="yellow")
    else:
        from rich.console import Console

        from chujing.scan.render import render_text

        render_text(result, Console(highlight=False))


def _spark(sources: list[str], opts: "Options", progress: "Progress") -> "ScanReport":
    """The Spark engine, with its environment failures turned into one clear error."""
    from chujing.scan.errors import ScanError

    try:
        from chujing.scan.spark import scan_spark
    except ImportError as exc:
        raise ScanError(
            f"Spark 引擎不可用：缺少 {exc.name}（pip install pyspark pandas）"
        ) from None
    try:
        return scan_spark(sources, opts, progress=progress)
    except ScanError:
        raise
    except Exception as exc:  # JVM and cluster failures come in many types
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise ScanError(f"Spark 执行失败（{type(exc).__name__}）：{first}") from None


def merge_sketches(
    files: Annotated[list[Path], typer.Argument(help="chujing scan --save-sketch 生成的草图文件")],
    out: Annotated[Path | None, typer.Option("--out", help="保存合并后的草图")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json | text")] = "text",
) -> None:
    """合并多个人数草图，估算多次出境累计涉及的不重复自然人数。"""
    from chujing.scan import sketch
    from chujing.scan.errors import ScanError

    try:
        merged = sketch.merge([sketch.load(f) for f in files])
        if out:
            sketch.save(out, merged)
    except ScanError as exc:
        fail(str(exc))
    est = sketch.estimates(merged)
    if fmt == "json":
        import json

        doc = {
            "files": [str(f) for f in files],
            "key_kind": merged["key_kind"],
            "scan_dates": merged["scan_dates"],
            "rows": merged["rows"],
            **{
                name: {"estimate": e.estimate, "lower": e.lower, "upper": e.upper}
                for name, e in est.items()
            },
            "relative_error": est["persons"].relative_error,
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    p, s, m = est["persons"], est["sensitive"], est["minors"]
    typer.echo(
        f"合并 {len(files)} 个草图：约 {p.estimate:,} 人（95% 区间 {p.lower:,} – {p.upper:,}），"
        f"其中敏感个人信息约 {s.estimate:,} 人，未满十四周岁约 {m.estimate:,} 人；"
        f"相对标准误差 {p.relative_error:.2%}。"
    )


class _RichProgress:
    """Rows and rows/s of the table being streamed, on stderr."""

    def __init__(self, console: "object") -> None:
        from rich.progress import (
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._rows = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            MofNCompleteColumn(),
            TextColumn("行 · {task.fields[rate]} 行/秒"),
            TimeElapsedColumn(),
            console=console,  # type: ignore[arg-type]
            transient=True,
        )
        self._task: object = None

    def __enter__(self) -> "_RichProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def table(self, source: str, total_bytes: int | None) -> None:
        name = source if len(source) < 40 else "…" + source[-39:]
        self._task = self._progress.add_task(f"扫描 {name}", total=None, rate="—")
        self._rows = 0

    def rows(self, n: int) -> None:
        self._rows += n
        task = self._task
        assert task is not None
        elapsed = self._progress.tasks[-1].elapsed or 0.0
        rate = f"{self._rows / elapsed:,.0f}" if elapsed > 0 else "—"
        self._progress.update(task, advance=n, rate=rate)  # type: ignore[arg-type]


class _Quiet:
    """No progress display when stderr is not a terminal."""

    def __enter__(self) -> "_Quiet":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def table(self, source: str, total_bytes: int | None) -> None:
        return None

    def rows(self, n: int) -> None:
        return None


def _progress() -> "_RichProgress | _Quiet":
    """Progress on stderr when it is a terminal (rich is imported only then)."""
    import sys

    if not sys.stderr.isatty():
        return _Quiet()
    from rich.console import Console

    return _RichProgress(Console(stderr=True))
