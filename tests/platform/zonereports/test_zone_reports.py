"""Half-yearly zone reports compiled against hand-computed figures; review and submission as a
state machine; bulletins and what each department may see of them."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from chujing.platform import clock
from chujing.platform.db import Database
from chujing.platform.orgs.models import Processor
from chujing.platform.supervision.models import Order, Referral
from conftest import World, add_inspectors, posted, report_body, sign, status_of

AUGUST = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)


def _report(
    client: TestClient, world: World, clerk: str, admin: str | None, **body: Any
) -> dict[str, Any]:
    created = client.post("/api/v1/reports", headers=world.auth(clerk), json=report_body(**body))
    assert created.status_code == 201, created.text
    report: dict[str, Any] = created.json()
    if admin is not None:
        submitted = client.post(
            f"/api/v1/reports/{report['id']}/submit",
            headers=world.auth(admin),
            json=sign(report["version"]),
        )
        assert submitted.status_code == 200, submitted.text
        report = submitted.json()
    return report


def _inspection(
    client: TestClient,
    world: World,
    processor: int,
    concluded_on: str,
    result: str,
    findings: list[dict[str, Any]],
) -> dict[str, Any]:
    created = posted(
        client,
        world,
        "zo1",
        "/api/v1/supervision/inspections",
        {"processor_id": processor, "item": "list-compliance", "inspectors": ["ZR-1", "ZR-2"]},
    )
    return posted(
        client,
        world,
        "zo1",
        f"/api/v1/supervision/inspections/{created['id']}/conclusion",
        {
            "version": created["version"],
            "result": result,
            "concluded_on": concluded_on,
            "findings": findings,
        },
    )


@pytest.fixture(scope="module")
def records(client: TestClient, world: World, database: Database) -> None:
    """The records of zone 1 in 2026H2 (and some outside it) that the report must count."""
    _report(
        client,
        world,
        "pu1a",
        "pa1a",
        export_date="2026-07-10",
        persons=1000,
        sensitive_persons=10,
        scenario_name="全球售后服务",
    )
    second = _report(
        client,
        world,
        "pu1a",
        "pa1a",
        export_date="2026-09-20",
        persons=2500,
        sensitive_persons=0,
        scenario="ICV-RD-01",
        scenario_name="全球研发协同",
        categories=[
            {"category": 16, "name": "研发人员信息", "fields": ["姓名"]},
            {"category": 20, "name": "测试数据", "fields": ["路测轨迹"]},
        ],
        recipients=[{"name": "A Inc", "country": "US"}, {"name": "B GmbH", "country": "DE"}],
    )
    posted(
        client,
        world,
        "zo1",
        f"/api/v1/reports/{second['id']}/accept",
        {"version": second["version"]},
    )
    _report(client, world, "pu1a", "pa1a", export_date="2026-06-30", persons=99)  # H1
    _report(client, world, "pu1a", None, export_date="2026-08-01", persons=77)  # draft
    _report(client, world, "pa2", "pa2", export_date="2026-08-01", persons=55)  # zone 2
    add_inspectors(client, world, "zo1", ["ZR-1", "ZR-2"])
    first = _inspection(
        client,
        world,
        world.p1a,
        "2026-09-28",
        "rectify",
        [
            {"item": "list-compliance", "description": "超出清单字段", "serious": True},
            {"item": "list-compliance", "description": "记录不全"},
        ],
    )
    posted(
        client,
        world,
        "zo1",
        f"/api/v1/supervision/inspections/{first['id']}/publication?version={first['version']}",
        {},
    )
    _inspection(client, world, world.p1b, "2026-12-01", "no_issue", [])
    _inspection(
        client,
        world,
        world.p1a,
        "2026-05-01",
        "rectify",
        [{"item": "list-compliance", "description": "上半年的问题"}],
    )
    verified = {
        "summary": "复查合格",
        "verified_on": clock.today().isoformat(),
        "verified_by": "李核验",
    }
    orders = [
        posted(
            client,
            world,
            "zo1",
            "/api/v1/supervision/orders",
            {"processor_id": p, "kind": kind, "reason": "整改"}
            | ({"rectification": verified} if kind == "resume" else {}),
        )
        for p, kind in (
            (world.p1a, "rectify"),
            (world.p1b, "rectify"),
            (world.p1a, "rectify"),
            (world.p1b, "suspend"),
            (world.p1b, "resume"),
        )
    ]
    for order, rectified in ((orders[0], True), (orders[1], False)):
        posted(
            client,
            world,
            "zo1",
            f"/api/v1/supervision/orders/{order['id']}/close",
            {"rectified": rectified, "note": "复查"},
        )
    posted(
        client,
        world,
        "zo1",
        "/api/v1/supervision/referrals",
        {"processor_id": world.p1a, "department": "state_security", "reason": "线索"},
    )
    with database.transaction() as db:  # pin the record dates inside the half-year
        db.execute(update(Order).values(issued_at=AUGUST))
        db.execute(update(Referral).values(created_at=AUGUST))
        db.execute(update(Processor).values(registered_on=date(2026, 1, 5)))


EXPECTED = {
    "period_start": "2026-07-01",
    "period_end": "2026-12-31",
    "processors": {"registered": 2, "by_status": {"active": 2}, "reporting": 1},
    "reports": {"count": 2, "accepted": 1, "unrecorded_basis": 2},
    "scenarios": {"全球售后服务": 1, "全球研发协同": 1},
    "data_categories": {"16": 2, "20": 1},
    "recipient_countries": {"DE": 2, "US": 1},
    "tally": {"persons": 3500, "sensitive_persons": 10},
    "outside_count": {"persons": 0, "sensitive_persons": 0},
    "by_sector": {"智能网联汽车": {"reports": 2, "persons": 3500}},
    "inspections": {
        "concluded": 2,
        "published": 1,
        "published_late": 1,
        "results": {"no_issue": 1, "rectify": 1},
    },
    "findings": {"count": 2, "serious": 1},
    "orders": {"rectify": 3, "resume": 1, "suspend": 1},
    "rectification": {"ordered": 3, "rectified": 1, "rate": 0.3333},
    "referrals": 1,
    "late_entries": {"reports": [], "inspections": []},
}


@pytest.fixture(scope="module")
def compiled(client: TestClient, world: World, records: None) -> dict[str, Any]:
    """Zone 1's report on 2026H2, compiled once over `records` (a draft)."""
    return posted(client, world, "zo1", "/api/v1/zone-reports", {"period": "2026H2"})


def test_compiled_figures_match_the_hand_count(compiled: dict[str, Any]) -> None:
    figures = dict(compiled["figures"])
    assert "第十三条" in figures.pop("basis")
    assert figures.pop("status_as_of") == min(clock.today(), date(2026, 12, 31)).isoformat()
    assert figures == EXPECTED
    assert compiled["due"] == "2027-01-15"  # 10 working days after 2026-12-31 (元旦 1/1–1/3)


def _move(
    client: TestClient, world: World, report: dict[str, Any], action: str, who: str = "zo1"
) -> Any:
    return client.post(
        f"/api/v1/zone-reports/{report['id']}/{action}",
        headers=world.auth(who),
        json={"version": report["version"]},
    )


def test_review_and_submission_state_machine(client: TestClient, world: World) -> None:
    # 2025H2: a report of this test alone (the others work on 2026H2)
    report = posted(client, world, "zo1", "/api/v1/zone-reports", {"period": "2025H2"})
    assert (
        client.post(
            "/api/v1/zone-reports",
            headers=world.auth("zo1"),
            json={"period": "2025H2", "zone_id": world.zone2},
        ).status_code
        == 403
    )
    assert _move(client, world, report, "submit").status_code == 409
    assert _move(client, world, report, "reopen").status_code == 409
    assert _move(client, world, report, "publish").status_code == 409
    reviewed = _move(client, world, report, "review").json()
    recompiled = client.post(
        "/api/v1/zone-reports", headers=world.auth("zo1"), json={"period": "2025H2"}
    )
    assert recompiled.status_code == 409
    assert status_of(client, world, "mo", f"/api/v1/zone-reports/{report['id']}") == 404
    reopened = _move(client, world, reviewed, "reopen").json()
    reviewed = _move(client, world, reopened, "review").json()
    submitted = _move(client, world, reviewed, "submit").json()
    assert submitted["state"] == "submitted"
    assert _move(client, world, submitted, "review").status_code == 409
    assert status_of(client, world, "mo", f"/api/v1/zone-reports/{report['id']}") == 200
    assert status_of(client, world, "zo2", f"/api/v1/zone-reports/{report['id']}") == 404
    assert status_of(client, world, "mo_health", "/api/v1/zone-reports") == 403
    audit = client.get(
        "/api/v1/audit",
        headers=world.auth("au"),
        params={"entity": "zone_report", "entity_id": str(report["id"])},
    ).json()["items"]
    assert [e["action"] for e in reversed(audit)] == [
        "zone_report.compile",
        "zone_report.review",
        "zone_report.reopen",
        "zone_report.review",
        "zone_report.submit",
    ]


def test_bulletin_and_what_each_department_sees(
    client: TestClient, world: World, compiled: dict[str, Any]
) -> None:
    reviewed = _move(client, world, compiled, "review")
    assert reviewed.status_code == 200, reviewed.text
    assert _move(client, world, reviewed.json(), "submit").status_code == 200
    assert (
        client.post(
            "/api/v1/bulletins", headers=world.auth("zo1"), json={"period": "2026H2"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/bulletins", headers=world.auth("mo_health"), json={"period": "2026H2"}
        ).status_code
        == 403
    )
    bulletin = posted(client, world, "mo", "/api/v1/bulletins", {"period": "2026H2"})
    figures = bulletin["figures"]
    assert figures["zones"] == {
        "liangjiang": {"reports": 2, "inspections": 2, "rectification_rate": 0.3333}
    }
    assert set(figures["missing"]) == {"xiyong", "shapingba", "guoyuangang"}
    assert figures["totals"]["persons"] == 3500
    assert figures["totals"]["recipient_countries"] == {"DE": 2, "US": 1}
    regulator = client.get("/api/v1/bulletins", headers=world.auth("mo_health")).json()["items"]
    assert regulator[0]["figures"] == {"by_sector": {}}
    assert status_of(client, world, "sl", "/api/v1/bulletins") == 403
