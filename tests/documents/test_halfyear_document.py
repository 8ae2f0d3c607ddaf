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


def _text(figures: dict[str, Any]) -> str:
    doc = halfyear_document(
        zone_name="两江板块",
        zone_government="重庆两江新区管理委员会",
        period="2026H2",
        figures=figures,
        narrative="",
        dated=date(2027, 1, 10),
    )
    return to_html(doc)


def test_the_half_year_document_states_the_count_statuses_and_late_entries() -> None:
    text = _text(FIGURES)
    assert "截至 2026-12-31：正常 2 家、已中止 1 家" in text
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
    assert "德国" in text and "中国香港" in text
    assert "<td>DE</td>" not in text and "<td>HK</td>" not in text
