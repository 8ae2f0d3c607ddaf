"""The documents cite the bases their pack's `roles` name; a pack that names none says so."""

from datetime import date
from typing import Any

import pytest

from chujing.documents.bulletins import bulletin_document
from chujing.documents.halfyear import halfyear_document
from chujing.documents.orders import order_document
from chujing.rules.packs import JURISDICTION_ENV, load_pack

DAY = date(2026, 7, 10)
SUSPENSION: dict[str, Any] = dict(  # noqa: C408
    kind="suspend",
    order_id=1,
    processor_name="某公司",
    processor_uscc="x",
    reason="未报告",
    issuer="市网信办",
)


def _opening(code: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    monkeypatch.setenv(JURISDICTION_ENV, code)
    half = halfyear_document(
        zone_name="某板块",
        zone_government="某管委会",
        period="2026H1",
        figures={"period_start": "2026-01-01", "period_end": "2026-06-30"},
        narrative="",
        dated=DAY,
    )
    bulletin = bulletin_document(
        title="通报",
        period="2026H1",
        figures={"by_sector": {}},
        note="",
        zone_names={},
        dated=DAY,
    )
    order = order_document(**SUSPENSION, deadline=None, dated=DAY)
    basis = next(s for s in order.sections if s.heading == "依据")
    return "".join(half.opening), "".join(bulletin.opening), "".join(basis.paragraphs)


def test_home_pack_cites_its_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    half, bulletin, order = _opening("chongqing", monkeypatch)
    assert half.startswith("根据")
    assert "第十三条" in half
    assert bulletin.startswith("根据")
    assert "第五条" in bulletin
    assert "第十二条" in order
    assert "第十三条" in order


@pytest.mark.parametrize("code", ["beijing", "tianjin", "shanghai"])
def test_pack_without_a_basis_says_so(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    roles = load_pack(code).roles
    half, bulletin, order = _opening(code, monkeypatch)
    name = load_pack(code).short_name
    if roles.half_yearly is None:
        assert not half.startswith("根据")
        assert f"{name}数据出境管理措施未规定板块半年度报告" in half
    if roles.bulletins is None:
        assert f"{name}数据出境管理措施未规定联席会议通报" in bulletin
    if not roles.orders:
        assert "重庆" not in order
        assert "第十三条" not in order


def test_roles_name_rules_of_the_pack() -> None:
    roles = load_pack("chongqing").roles
    assert roles.half_yearly == "cq.art13.half_yearly"
    assert roles.bulletins == "cq.art5"
    assert roles.orders == ["cq.art12", "cq.art13"]
