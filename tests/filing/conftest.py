"""Plans for each pathway (synthetic) and a reader of .docx text."""

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "plans" / "icv-after-sales.yaml"

NATIONAL = {
    "date": "2026-03-01",
    "processor": {"name": "重庆测试数据科技有限公司", "uscc": "91500000MA5U7XXX1A", "ftz": "none"},
    "persons": 20000,
    "sensitive_persons": 0,
    "items": [
        {"name": "会员联系信息", "fields": ["姓名", "手机号"], "pi": "personal", "persons": 20000},
    ],
    "recipients": [{"name": "Example Data Ltd", "country": "SG"}],
}


def plan(**changes: Any) -> dict[str, Any]:
    """The national plan with top-level keys replaced."""
    return {**NATIONAL, **changes}


@pytest.fixture
def security_plan() -> dict[str, Any]:
    """Important data (notified) → security assessment, with PI."""
    return plan(
        items=[
            *NATIONAL["items"],
            {"name": "高精度测绘数据", "fields": ["道路点云"], "important_data": "notified"},
        ]
    )


@pytest.fixture
def contract_plan() -> dict[str, Any]:
    """150,000 persons this year → standard contract or certification."""
    return plan(persons=150000, year_to_date={"persons": 10000, "sensitive_persons": 0})


@pytest.fixture
def example_plan() -> dict[str, Any]:
    """The shipped Chongqing example (a list entry; standard contract)."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    return data


@pytest.fixture
def exempt_list_plan(example_plan: dict[str, Any]) -> dict[str, Any]:
    """Chongqing, the only item below its entry's threshold → exempt, Art 11 report due."""
    return {**example_plan, "items": example_plan["items"][:1], "sensitive_persons": 0}


@pytest.fixture
def separate_plan() -> dict[str, Any]:
    return plan(items=[{"name": "核心数据", "core_data": True}])


def texts(data: bytes) -> list[str]:
    """The paragraphs and table cells of a .docx, in order."""
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells)
    return out


def in_order(haystack: list[str], needles: list[str]) -> bool:
    """Each needle is a paragraph of its own, after the one before it."""
    at = -1
    for needle in needles:
        try:
            at = haystack.index(needle, at + 1)
        except ValueError:
            return False
    return True
