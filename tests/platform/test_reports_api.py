"""Art 11 reports: the state machine, the commitment, the consolidated deficiency list."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from chujing.platform.db import Database
from chujing.platform.orgs import service as orgs
from chujing.platform.principal import cli_principal
from chujing.platform.reports import flows
from conftest import World, report_body, sign, submitted_report, token_for


def _post(
    client: TestClient,
    world: World,
    who: str,
    report: dict[str, Any],
    action: str,
    body: dict[str, Any],
) -> Response:
    return client.post(
        f"/api/v1/reports/{report['id']}/{action}", headers=world.auth(who), json=body
    )


def test_full_cycle_with_return_and_resubmission(client: TestClient, world: World) -> None:
    report = submitted_report(client, world)
    assert report["state"] == "submitted"
    assert report["commitment_signed_by"] == "张经理"
    assert len(report["commitment_sha256"]) == 64
    deficiencies = [
        {"field": "recipients[0]", "problem": "未写明境外接收方的联系方式"},
        {"field": "categories[0].fields", "problem": "字段与评估不一致"},
    ]
    returned = _post(
        client,
        world,
        "zo1",
        report,
        "return",
        {"version": report["version"], "deficiencies": deficiencies},
    )
    assert returned.status_code == 200
    returned_report = returned.json()
    assert returned_report["state"] == "returned"
    assert returned_report["deficiencies"] == deficiencies
    edit = client.patch(
        f"/api/v1/reports/{report['id']}",
        headers=world.auth("pu1a"),
        json={"version": returned_report["version"], "persons": 1200},
    )
    assert edit.status_code == 200
    resubmitted = _post(client, world, "pa1a", report, "resubmit", sign(edit.json()["version"]))
    assert resubmitted.json()["state"] == "resubmitted"
    accepted = _post(
        client, world, "zo1", report, "accept", {"version": resubmitted.json()["version"]}
    )
    assert accepted.json()["state"] == "accepted"
    events = client.get(f"/api/v1/reports/{report['id']}/events", headers=world.auth("pu1a")).json()
    assert [e["action"] for e in events] == ["submit", "return", "resubmit", "accept"]
    assert events[1]["deficiencies"] == deficiencies


@pytest.mark.parametrize(
    ("action", "who"),
    [("accept", "zo1"), ("return", "zo1"), ("resubmit", "pa1a")],
)
def test_illegal_transitions_from_draft_are_refused(
    client: TestClient, world: World, action: str, who: str
) -> None:
    draft = client.post("/api/v1/reports", headers=world.auth("pu1a"), json=report_body()).json()
    body: dict[str, Any] = {"version": draft["version"]}
    if action == "return":
        body["deficiencies"] = [{"field": "x", "problem": "y"}]
    if action == "resubmit":
        body = sign(draft["version"])
    response = _post(client, world, who, draft, action, body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"


def test_accepted_report_cannot_be_edited_or_returned(client: TestClient, world: World) -> None:
    report = submitted_report(client, world)
    accepted = _post(client, world, "zo1", report, "accept", {"version": report["version"]}).json()
    edit = client.patch(
        f"/api/v1/reports/{report['id']}",
        headers=world.auth("pu1a"),
        json={"version": accepted["version"], "persons": 1},
    )
    assert edit.status_code == 409
    again = _post(
        client,
        world,
        "zo1",
        report,
        "return",
        {"version": accepted["version"], "deficiencies": [{"field": "a", "problem": "b"}]},
    )
    assert again.status_code == 409


def test_return_requires_a_deficiency_list(client: TestClient, world: World) -> None:
    report = submitted_report(client, world)
    response = _post(
        client, world, "zo1", report, "return", {"version": report["version"], "deficiencies": []}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "deficiencies"


def test_clerk_drafts_but_only_the_admin_submits(client: TestClient, world: World) -> None:
    draft = client.post("/api/v1/reports", headers=world.auth("pu1a"), json=report_body()).json()
    assert _post(client, world, "pu1a", draft, "submit", sign(draft["version"])).status_code == 403


def test_commitment_must_be_agreed_and_report_complete(client: TestClient, world: World) -> None:
    draft = client.post(
        "/api/v1/reports", headers=world.auth("pu1a"), json=report_body(recipients=[])
    ).json()
    refused = _post(
        client,
        world,
        "pa1a",
        draft,
        "submit",
        {"version": draft["version"], "commitment": {"signed_by": "张", "agree": False}},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "commitment.agree"
    incomplete = _post(client, world, "pa1a", draft, "submit", sign(draft["version"]))
    assert incomplete.status_code == 422
    assert incomplete.json()["error"]["field"] == "recipients"
    unchanged = client.get(f"/api/v1/reports/{draft['id']}", headers=world.auth("pu1a")).json()
    assert unchanged["state"] == "draft"
    assert unchanged["commitment_signed_by"] is None


def test_unknown_category_is_named(client: TestClient, world: World) -> None:
    body = report_body(categories=[{"category": 99, "name": "x", "fields": ["y"]}])
    response = client.post("/api/v1/reports", headers=world.auth("pu1a"), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "categories[0].category"


def test_superseding_report_replaces_the_accepted_one(client: TestClient, world: World) -> None:
    first = submitted_report(client, world)
    first = _post(client, world, "zo1", first, "accept", {"version": first["version"]}).json()
    second = submitted_report(client, world, supersedes_id=first["id"])
    _post(client, world, "zo1", second, "accept", {"version": second["version"]})
    replaced = client.get(f"/api/v1/reports/{first['id']}", headers=world.auth("pu1a")).json()
    assert replaced["state"] == "superseded"


def test_other_zone_cannot_review(client: TestClient, world: World) -> None:
    report = submitted_report(client, world)
    response = _post(client, world, "zo2", report, "accept", {"version": report["version"]})
    assert response.status_code == 404
    listed = client.get("/api/v1/reports", headers=world.auth("zo2"), params={"limit": 200}).json()
    assert report["id"] not in {r["id"] for r in listed["items"]}


def _set_status(database: Database, processor_id: int, status: str, reason: str) -> None:
    with database.transaction() as db:
        processor = orgs.get_processor(
            db_session=db, actor=cli_principal(), processor_id=processor_id
        )
        orgs.set_processor_status(
            db_session=db, actor=cli_principal(), processor=processor, status=status, reason=reason
        )


def test_suspended_processor_cannot_submit(
    client: TestClient, world: World, database: Database
) -> None:
    draft = client.post("/api/v1/reports", headers=world.auth("pu1b"), json=report_body()).json()
    admin = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "admin1b", "role": "processor_admin", "processor_id": world.p1b},
    ).json()
    _set_status(database, world.p1b, "suspended", "责令中止")
    response = client.post(
        f"/api/v1/reports/{draft['id']}/submit",
        headers=token_for(database, admin["id"]),
        json=sign(draft["version"]),
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "processor_suspended"
    _set_status(database, world.p1b, "active", "恢复")


def test_a_crash_mid_request_leaves_nothing_half_written(
    app: Any, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = submitted_report(client, world)
    first = _post(client, world, "zo1", first, "accept", {"version": first["version"]}).json()
    second = submitted_report(client, world, supersedes_id=first["id"])
    audit_before = client.get("/api/v1/audit", headers=world.auth("au")).json()["total"]
    real_check = flows.check

    def crash_on_supersede(action: str, state: str) -> flows.Transition:
        if action == "supersede":
            raise RuntimeError("simulated crash after the first write")
        return real_check(action, state)

    monkeypatch.setattr(flows, "check", crash_on_supersede)
    fragile = TestClient(app, raise_server_exceptions=False)
    response = fragile.post(
        f"/api/v1/reports/{second['id']}/accept",
        headers=world.auth("zo1"),
        json={"version": second["version"]},
    )
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal"
    monkeypatch.undo()
    after = client.get(f"/api/v1/reports/{second['id']}", headers=world.auth("zo1")).json()
    assert after["state"] == "submitted"
    assert after["version"] == second["version"]
    earlier = client.get(f"/api/v1/reports/{first['id']}", headers=world.auth("zo1")).json()
    assert earlier["state"] == "accepted"
    assert client.get("/api/v1/audit", headers=world.auth("au")).json()["total"] == audit_before


def test_every_step_leaves_its_event_and_audit_entry(client: TestClient, world: World) -> None:
    created = client.post("/api/v1/reports", headers=world.auth("pu1a"), json=report_body())
    draft = created.json()
    review = _post(client, world, "pu1a", draft, "review", {"version": draft["version"]}).json()
    back = {"version": review["version"], "note": "请核对人数"}
    returned = _post(client, world, "pa1a", draft, "send-back", back).json()
    _post(client, world, "pa1a", draft, "submit", sign(returned["version"]))
    events = client.get(f"/api/v1/reports/{draft['id']}/events", headers=world.auth("pu1a"))
    assert [(e["action"], e["from_state"], e["to_state"], e["note"]) for e in events.json()] == [
        ("request_review", "draft", "draft", ""),
        ("send_back", "draft", "draft", "请核对人数"),
        ("submit", "draft", "submitted", ""),
    ]
    entries = client.get(
        "/api/v1/audit",
        headers=world.auth("au"),
        params={"entity": "export_report", "entity_id": str(draft["id"])},
    ).json()["items"]
    assert [(e["action"], e["detail"]) for e in reversed(entries)] == [
        ("report.create", {}),
        ("report.request_review", {}),
        ("report.send_back", {}),
        ("report.submit", {"from": "draft", "to": "submitted"}),
    ]
