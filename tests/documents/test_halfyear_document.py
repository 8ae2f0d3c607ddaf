"""The half-year report and the bulletin say what the count holds and list late entries."""

from datetime import date
from typing import Any

from chujing.documents.bulletins import bulletin_document
from chujing.documents.halfyear import halfyear_document
from chujing.documents.pdf import to_html

FIGURES: dict[str, Any] = {
    "period_start": "2026-07-01",
    "period_end": "2026-12-31",
    "status_as_of": "2026-12-31",
    "processors": {"registered": 3, "by_status": {"active": 2, "suspended": 1}, "reporting": 2},
    "reports": {"count": 4, "accepted": 3, "unrecorded_basis": 1},
    "tally": {"persons": 129000, "sensitive_persons": 20},
    "outside_count": {"persons": 30000, "sensitive_persons": 0},
    "inspections": {"concluded": 1, "published": 1, "published_late": 0, "results": {}},
    "findings": {"count": 0},
    "rectification": {"ordered": 0, "rectified": 0, "rate": None},
    "referrals": 0,
    "late_entries": {
        "reports": [
            {
                "id": 17,
                "period": "2026H1",
                "export_date": "2026-04-01",
                "received_on": "2026-07-20",
                "persons": 300,
                "sensitive_persons": 0,
            }
        ],
        "inspections": [
            {
                "id": 5,
                "period": "2026H1",
                "concluded_on": "2026-05-01",
                "recorded_on": "2026-08-02",
                "result": "no_issue",
            }
        ],
    },
}


def _text(figures: dict[str, Any], period: str = "2026H2", dated: date = date(2027, 1, 10)) -> str:
    """The half-year report of 两江板块 on `figures`, as HTML."""
    doc = halfyear_document(
        zone_name="两江板块",
        zone_government="重庆两江新区管理委员会",
        period=period,
        figures=figures,
        narrative="",
        dated=dated,
    )
    return to_html(doc)


def test_the_first_half_year_document_names_the_period_the_rate_and_the_countries() -> None:
    figures: dict[str, Any] = {
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "processors": {"registered": 12, "reporting": 5},
        "reports": {"count": 7, "accepted": 6},
        "tally": {"persons": 120000, "sensitive_persons": 300},
        "by_sector": {"智能网联汽车": {"reports": 7, "persons": 120000}},
        "scenarios": {"全球售后维修": 4, "研发协同": 3},
        "recipient_countries": {"DE": 5, "JP": 2},
        "data_categories": {"16": 7},
        "inspections": {"concluded": 2, "published": 2, "published_late": 0, "results": {}},
        "findings": {"count": 1},
        "rectification": {"ordered": 1, "rectified": 1, "rate": 1.0},
        "referrals": 0,
        "orders": {"rectify": 1},
    }
    text = _text(figures, "2026H1", date(2026, 7, 10))
    assert "两江板块关于2026年上半年数据出境负面清单实施情况的报告" in text
    assert "整改率 100%" in text
    assert "<td>德国</td><td>5</td>" in text


def test_the_half_year_document_states_the_count_statuses_and_late_entries() -> None:
    text = _text(FIGURES)
    assert "截至 2026-12-31：正常 2 家、已中止出境 1 家" in text
    assert "计入累计的个人信息 129,000 人次" in text
    assert "不计入累计的个人信息 30,000 人次" in text
    assert "以往已上报期间的补录事项" in text
    assert "<td>出境情况报告</td><td>17</td><td>2026-04-01</td><td>2026H1</td>" in text
    assert "<td>检查结论</td><td>5</td><td>2026-05-01</td>" in text


def test_a_report_without_late_entries_has_no_such_section() -> None:
    figures = {**FIGURES, "late_entries": {"reports": [], "inspections": []}}
    assert "补录事项" not in _text(figures)


def test_the_bulletin_states_counted_and_left_out_persons() -> None:
    totals = {
        "reports": 4,
        "persons": 129000,
        "sensitive_persons": 20,
        "outside_count": {"persons": 30000, "sensitive_persons": 0},
        "late_entries": 2,
        "inspections": 1,
        "findings": 0,
        "rectification_rate": None,
        "by_sector": {},
    }
    doc = bulletin_document(
        title="2026年下半年数据出境负面清单实施情况通报",
        period="2026H2",
        figures={"zones": {}, "missing": [], "totals": totals},
        note="",
        zone_names={},
        dated=date(2027, 1, 20),
        audit_checkpoint="审计日志检查点：共 42 条",
    )
    text = to_html(doc)
    assert "（审计日志检查点：共 42 条）" in text
    assert "计入累计的个人信息 129,000 人次、敏感个人信息 20 人次" in text
    assert "不计入累计的个人信息 30,000 人次" in text
    assert "补报以往已上报期间的事项 2 项" in text


def test_the_documents_name_countries_not_codes() -> None:
    text = _text({**FIGURES, "recipient_countries": {"DE": 3, "HK": 1}})
    assert "德国" in text
    assert "中国香港" in text
    assert "<td>DE</td>" not in text
    assert "<td>HK</td>" not in text
