"""Orders and their effects (notices, status, submissions, bureau reports), referrals visible
only to the security bureaus and the city, inspection results and their publication clock."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from chujing.platform import clock
from chujing.platform.clocks import service as clocks
from chujing.platform.db import Database
from chujing.platform.orgs.models import Department
from chujing.platform.principal import cli_principal
from chujing.platform.supervision.models import Notice
from chujing.platform.supervision.orders import may_submit_reports
from chujing.workdays import add_working_days
from conftest import World, report_body, sign


def _order(
    client: TestClient, world: World, who: str, processor: int, kind: str, **extra: Any
) -> Any:
    return client.post(
        "/api/v1/supervision/orders",
        headers=world.auth(who),
        json={"processor_id": processor, "kind": kind, "reason": "检查发现问题", **extra},
    )


def _draft_report(client: TestClient, world: World, who: str) -> dict[str, Any]:
    created = client.post("/api/v1/reports", headers=world.auth(who), json=report_body())
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def _submit(client: TestClient, world: World, who: str, report: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/reports/{report['id']}/submit",
        headers=world.auth(who),
        json=sign(report["version"]),
    )


def _may(database: Database, processor_id: int) -> bool:
    with database.transaction(write=False) as db:
        return bool(may_submit_reports(processor_id, db_session=db))


def test_rectification_order_with_deadline_notice_and_closure(
    client: TestClient, world: World
) -> None:
    assert _order(client, world, "zo2", world.p1a, "rectify").status_code == 404
    assert _order(client, world, "mo", world.p1a, "rectify").status_code == 403
    issued = _order(client, world, "zo1", world.p1a, "rectify")
    assert issued.status_code == 201, issued.text
    order = issued.json()
    assert order["deadline"] == add_working_days(clock.today(), 10).isoformat()
    notices = client.get("/api/v1/supervision/notices", headers=world.auth("pu1a")).json()["items"]
    assert any(n["order_id"] == order["id"] and n["subject"] == "限期整改通知" for n in notices)
    others = client.get("/api/v1/supervision/notices", headers=world.auth("pa2")).json()["items"]
    assert not [n for n in others if n["order_id"] == order["id"]]
    closed = client.post(
        f"/api/v1/supervision/orders/{order['id']}/close",
        headers=world.auth("zo1"),
        json={"rectified": True, "note": "复查合格"},
    )
    assert closed.status_code == 200
    assert closed.json()["rectified"] is True
    again = client.post(
        f"/api/v1/supervision/orders/{order['id']}/close",
        headers=world.auth("zo1"),
        json={"rectified": True, "note": "再次"},
    )
    assert again.status_code == 409


def _bureau_notices(database: Database, kind: str, processor_id: int) -> list[tuple[str, str]]:
    """(bureau short name, body) of the notices of one kind about a processor."""
    with database.transaction(write=False) as db:
        rows = db.execute(
            select(Department.short_name, Notice.body)
            .join(Notice, Notice.department_id == Department.id)
            .where(Notice.kind == kind, Notice.about_processor_id == processor_id)
        )
        return sorted((r[0], r[1]) for r in rows)


BUREAUS = sorted(["市网信办", "市商务委", "市大数据发展局"])


def test_suspension_blocks_submissions_until_resumed(
    client: TestClient, world: World, database: Database
) -> None:
    report = _draft_report(client, world, "pu1a")
    assert _order(client, world, "zo1", world.p1a, "resume").status_code == 409
    suspended = _order(client, world, "zo1", world.p1a, "suspend", reason="未按承诺记录出境数据")
    assert suspended.status_code == 201
    deadline = suspended.json()["deadline"]
    assert deadline == add_working_days(clock.today(), 10).isoformat()
    reported = _bureau_notices(database, "suspension_report", world.p1a)
    assert [name for name, _ in reported] == BUREAUS
    assert all("未按承诺记录出境数据" in body and deadline in body for _, body in reported)
    assert _may(database, world.p1a) is False
    refused = _submit(client, world, "pa1a", report)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "processor_suspended"
    assert _order(client, world, "zo1", world.p1a, "suspend").status_code == 409
    unverified = _order(client, world, "zo1", world.p1a, "resume")
    assert unverified.status_code == 422
    assert unverified.json()["error"]["field"] == "rectification"
    future = {"summary": "已补记", "verified_on": "2999-01-01", "verified_by": "李核验"}
    too_late = _order(client, world, "zo1", world.p1a, "resume", rectification=future)
    assert too_late.json()["error"]["field"] == "rectification.verified_on"
    verified = {
        "summary": "已补全出境记录并复查合格",
        "verified_on": clock.today().isoformat(),
        "verified_by": "李核验",
    }
    resumed = _order(client, world, "zo1", world.p1a, "resume", rectification=verified)
    assert resumed.status_code == 201, resumed.text
    assert resumed.json()["rectification"]["summary"] == "已补全出境记录并复查合格"
    assert _may(database, world.p1a) is True
    assert _submit(client, world, "pa1a", report).status_code == 200
    orders = client.get(
        "/api/v1/supervision/orders", headers=world.auth("zo1"), params={"kind": "suspend"}
    ).json()["items"]
    assert all(o["state"] == "closed" and o["rectified"] is True for o in orders)
    assert all("已补全出境记录并复查合格" in o["closing_note"] for o in orders)
    upward = _bureau_notices(database, "resumption_report", world.p1a)
    assert [name for name, _ in upward] == BUREAUS
    assert all("已补全出境记录并复查合格" in body for _, body in upward)


def test_only_a_resumption_records_a_rectification_and_it_takes_no_deadline(
    client: TestClient, world: World
) -> None:
    dated = _order(client, world, "zo1", world.p1b, "terminate", deadline="2999-01-01")
    assert dated.status_code == 422
    assert dated.json()["error"]["field"] == "deadline"
    stray = _order(
        client,
        world,
        "zo1",
        world.p1b,
        "rectify",
        rectification={"summary": "x", "verified_on": "2026-01-01", "verified_by": "李核验"},
    )
    assert stray.status_code == 422
    assert stray.json()["error"]["field"] == "rectification"


def test_termination_reports_to_the_three_bureaus(
    client: TestClient, world: World, database: Database
) -> None:
    report = _draft_report(client, world, "pa2")
    terminated = _order(client, world, "zo2", world.p2, "terminate")
    assert terminated.status_code == 201
    assert _may(database, world.p2) is False
    assert _submit(client, world, "pa2", report).status_code == 409
    assert _order(client, world, "zo2", world.p2, "resume").status_code == 409
    city = client.get("/api/v1/supervision/notices", headers=world.auth("mo")).json()["items"]
    assert [n["kind"] for n in city if n["about_processor_id"] == world.p2] == [
        "termination_report"
    ]
    reported = _bureau_notices(database, "termination_report", world.p2)
    assert [name for name, _ in reported] == BUREAUS


def test_referrals_are_seen_only_by_security_and_the_city(client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/supervision/referrals",
        headers=world.auth("zo1"),
        json={"processor_id": world.p1b, "department": "police", "reason": "疑似违法提供数据"},
    )
    assert created.status_code == 201, created.text
    for who in ("sl", "mo"):
        items = client.get("/api/v1/supervision/referrals", headers=world.auth(who)).json()["items"]
        assert created.json()["id"] in [r["id"] for r in items], who
    for who in ("zo1", "mo_health", "pu1b", "au"):
        assert (
            client.get("/api/v1/supervision/referrals", headers=world.auth(who)).status_code == 403
        )
    liaison = client.get("/api/v1/supervision/notices", headers=world.auth("sl")).json()["items"]
    assert {n["kind"] for n in liaison} == {"referral"}  # the liaison sees referrals only
    assert world.p1b in [n["about_processor_id"] for n in liaison]
    processor = client.get("/api/v1/supervision/notices", headers=world.auth("pu1b")).json()
    assert [n for n in processor["items"] if n["kind"] == "referral"] == []


def _inspectors(client: TestClient, world: World) -> list[str]:
    codes = ["IN-A", "IN-B"]
    for code in codes:
        response = client.post(
            "/api/v1/supervision/inspectors",
            headers=world.auth("zo1"),
            json={"code": code, "name": code, "department": "cac", "zone": "liangjiang"},
        )
        assert response.status_code == 201
    return codes


def test_inspection_results_and_publication_clock(
    client: TestClient, world: World, database: Database
) -> None:
    codes = _inspectors(client, world)
    one = client.post(
        "/api/v1/supervision/inspections",
        headers=world.auth("zo1"),
        json={"processor_id": world.p1b, "item": "list-compliance", "inspectors": codes[:1]},
    )
    assert one.status_code == 422
    created = client.post(
        "/api/v1/supervision/inspections",
        headers=world.auth("zo1"),
        json={"processor_id": world.p1b, "item": "list-compliance", "inspectors": codes},
    ).json()
    url = f"/api/v1/supervision/inspections/{created['id']}"
    no_findings = client.post(
        f"{url}/conclusion",
        headers=world.auth("zo1"),
        json={"version": created["version"], "result": "rectify", "concluded_on": "2026-09-28"},
    )
    assert no_findings.status_code == 422
    concluded = client.post(
        f"{url}/conclusion",
        headers=world.auth("zo1"),
        json={
            "version": created["version"],
            "result": "rectify",
            "concluded_on": "2026-09-28",
            "findings": [
                {"item": "list-compliance", "description": "超出清单字段", "serious": True}
            ],
        },
    )
    assert concluded.status_code == 200, concluded.text
    # 20 working days after Mon 2026-09-28: 9/29, 9/30, (10/1–10/7 国庆), 10/8, 10/9,
    # 10/10 (调休上班), 10/12–16, 10/19–23, 10/26–30 → Fri 2026-10-30
    assert concluded.json()["publish_due"] == "2026-10-30"
    with database.transaction(write=False) as db:
        items = clocks.due_items(db_session=db, on=date(2026, 10, 27))
        mine = [i for i in items if i.kind == "inspection.publish" and i.ref_id == created["id"]]
        assert [i.stage for i in mine] == ["reminder"]
        late = clocks.due_items(db_session=db, on=date(2026, 11, 2))
        mine = [i for i in late if i.kind == "inspection.publish" and i.ref_id == created["id"]]
        assert [(i.stage, i.recipient) for i in mine] == [("escalation", "department:cac")]
        early = clocks.due_items(db_session=db, on=date(2026, 10, 9))
        assert not [i for i in early if i.kind == "inspection.publish"]
    version = concluded.json()["version"]
    published = client.post(
        f"{url}/publication", headers=world.auth("zo1"), params={"version": version}
    )
    assert published.status_code == 200
    assert published.json()["state"] == "published"
    again = client.post(
        f"{url}/publication", headers=world.auth("zo1"), params={"version": version + 1}
    )
    assert again.status_code == 409
    assert client.get(url, headers=world.auth("zo2")).status_code == 404
    for who in ("pu1a", "zo2", "ex", "au"):
        public = client.get("/api/v1/supervision/results", headers=world.auth(who)).json()
        assert [(r["inspection_id"], r["result"], r["findings"]) for r in public["items"]] == [
            (created["id"], "rectify", 1)
        ], who


def test_clock_run_records_each_reminder_once(
    client: TestClient, world: World, database: Database
) -> None:
    deadline = add_working_days(clock.today(), 10)
    issued = _order(client, world, "zo1", world.p1b, "rectify", deadline=deadline.isoformat())
    assert issued.status_code == 201
    order_id = issued.json()["id"]
    after = deadline + timedelta(days=1)
    with database.transaction() as db:
        first = clocks.run(db_session=db, actor=cli_principal(), on=after)
    with database.transaction() as db:
        second = clocks.run(db_session=db, actor=cli_principal(), on=after)
    escalated = [r for r in first if r.kind == "order.rectify" and r.ref_id == order_id]
    assert [(r.stage, r.recipient) for r in escalated] == [("escalation", f"zone:{world.zone1}")]
    assert not [r for r in second if r.kind == "order.rectify" and r.ref_id == order_id]
    seen = client.get("/api/v1/clocks/reminders", headers=world.auth("zo2")).json()["items"]
    assert all(r["zone_id"] == world.zone2 for r in seen)
