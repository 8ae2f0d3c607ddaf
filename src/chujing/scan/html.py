"""A self-contained HTML page of a scan report (inline styles, no external resources)."""

import json
from importlib import resources
from pathlib import Path

from chujing.scan.detectors import load_catalogue
from chujing.scan.result import ScanReport


def render_html(report: ScanReport) -> str:
    """The report as one HTML page a compliance officer can send on."""
    from jinja2 import Environment, select_autoescape

    from chujing.rules import load_rules

    kinds = load_rules().sensitive_kinds
    env = Environment(autoescape=select_autoescape(default=True))
    env.filters["kind_name"] = lambda code: kinds[code].name if code in kinds else code
    template = env.from_string(
        resources.files("chujing.scan").joinpath("data/report.html.j2").read_text("utf-8")
    )
    return template.render(
        report=report,
        label=load_catalogue().label,
        plan_json=json.dumps(report.plan, ensure_ascii=False, indent=2),
    )


def write_html(report: ScanReport, path: Path) -> None:
    """Write the page atomically."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_html(report), encoding="utf-8")
    tmp.replace(path)
