"""The scan report for people: Rich tables in Chinese, one per source."""

from rich.console import Console
from rich.table import Table

from chujing.scan.detectors import load_catalogue
from chujing.scan.result import ScanReport

PI_STYLE = {"sensitive": "bold red", "personal": "yellow", "none": "dim"}


def render_text(report: ScanReport, console: Console) -> None:
    """Print the report: per-source column tables, persons, legal signals, warnings."""
    cat = load_catalogue()
    for source in report.sources:
        rows = report.tables.get(source, 0)
        table = Table(title=f"{source}（{rows:,} 行）", title_justify="left")
        for header in ("列名", "识别类型", "个人信息级别", "置信度", "示例"):
            table.add_column(header)
        for col in (c for c in report.columns if c.source == source):
            level = cat.label("none" if col.pi == "none" else col.pi)
            if col.pi == "none":
                level = "非个人信息"
            table.add_row(
                col.name,
                cat.label(col.kind),
                f"[{PI_STYLE[col.pi]}]{level}[/]",
                f"{col.confidence:.2f}",
                "、".join(col.examples),
            )
        console.print(table)
    p = report.persons
    method = "精确" if p.method == "exact" else f"近似（相对标准误差 {p.relative_error:.2%}）"
    key = "、".join(p.key) if p.key else "未发现人员标识列"
    console.print(
        f"共 {report.rows:,} 行。涉及自然人（{method}，依据 {key}）："
        f"[bold]{p.distinct:,}[/] 人，其中敏感个人信息 [bold]{p.sensitive_distinct:,}[/] 人，"
        f"未满十四周岁 [bold]{p.minors_under_14:,}[/] 人（以 {report.scan_date} 计）。"
    )
    if p.masked:
        console.print(
            f"另有 {p.masked:,} 个标识值已脱敏（如 138****8000），不能据以识别个人，未计入人数。"
        )
    if p.bounds:
        low, high = p.bounds["distinct"]
        console.print(f"约 95% 置信区间：{low:,} – {high:,} 人。")
    for flag in [*report.annex_flags, *report.national_tiers]:
        console.print(f"• {flag.citation or flag.rule}：{flag.text}")
    for warning in report.warnings:
        console.print(f"[yellow]警告：{warning}[/]")
