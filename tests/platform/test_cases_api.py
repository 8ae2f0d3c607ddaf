"""Cases (办件): a number on submission, kept on resubmission, unique per office and day;
the clerk prepares and the administrator signs; a report that departs from its assessment
is refused until the signer acknowledges it; receipts only once accepted."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import Case, CaseKind
from chujing.platform.db import Database
from chujing.platform.errors import Conflict, NotFound
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal
from conftest import World, report_body, sign

NUMBER = re.compile(r"^[A-Z]{2,3}-(BG|SJ|ZX|ZZ|YJ)-\d{8}-\d{4}$")


def _draft(client: TestClient, world: World, **overrides: Any) -> dict[str, Any]:
    created = client.post(
        "/api/v1/reports", headers=world.auth("pu1a"), json=report_body(**overrides)
    )
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def _post(
    client: TestClient, world: World, who: str, report_id: int, action: str, body: Any
) -> Any:
    return client.post(f"/api/v1/reports/{report_id}/{action}", headers=world.auth(who), json=body)


def test_the_clerk_prepares_and_the_administrator_signs(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    assert draft["case_number"] is None
    refused = _post(client, world, "pu1a", draft["id"], "submit", sign(draft["version"]))
    assert refused.status_code == 403
    assert "无权" in refused.json()["error"]["message"]
    review = _post(client, world, "pu1a", draft["id"], "review", {"version": draft["version"]})
    assert review.status_code == 200, review.text
    assert review.json()["review_requested_by"] == "pu1a"
    locked = client.patch(
        f"/api/v1/reports/{draft['id']}",
        headers=world.auth("pu1a"),
        json={"version": review.json()["version"], "persons": 5},
    )
    assert locked.status_code == 409
    assert "管理员退回经办人" in locked.json()["error"]["message"]
    no_note = _post(
        client, world, "pa1a", draft["id"], "send-back", {"version": review.json()["version"]}
    )
    assert no_note.status_code == 422
    back = _post(
        client,
        world,
        "pa1a",
        draft["id"],
        "send-back",
        {"version": review.json()["version"], "note": "请核对人数"},
    )
    assert back.status_code == 200
    assert back.json()["review_requested_at"] is None
    again = _post(client, world, "pu1a", draft["id"], "review", {"version": back.json()["version"]})
    submitted = _post(client, world, "pa1a", draft["id"], "submit", sign(again.json()["version"]))
    assert submitted.status_code == 200, submitted.text
    report = submitted.json()
    assert NUMBER.match(report["case_number"])
    assert report["case_number"].split("-")[2] == f"{clock.today():%Y%m%d}"
    assert report["review_requested_at"] is None
    events = client.get(f"/api/v1/reports/{draft['id']}/events", headers=world.auth("pu1a"))
    assert [e["action"] for e in events.json()] == [
        "request_review",
        "send_back",
        "request_review",
        "submit",
    ]


def test_a_resubmission_keeps_its_number(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    first = _post(client, world, "pa1a", draft["id"], "submit", sign(draft["version"])).json()
    returned = _post(
        client,
        world,
        "zo1",
        draft["id"],
        "return",
        {"version": first["version"], "deficiencies": [{"field": "title", "problem": "过简"}]},
    ).json()
    resubmitted = _post(client, world, "pa1a", draft["id"], "resubmit", sign(returned["version"]))
    assert resubmitted.json()["case_number"] == first["case_number"]
    listed = client.get("/api/v1/reports", headers=world.auth("zo1")).json()["items"]
    assert first["case_number"] in {r["case_number"] for r in listed}


def test_numbers_are_unique_and_in_sequence(client: TestClient, world: World) -> None:
    numbers = []
    for _ in range(3):
        draft = _draft(client, world)
        numbers.append(
            _post(client, world, "pa1a", draft["id"], "submit", sign(draft["version"])).json()[
                "case_number"
            ]
        )
    sequences = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert len(set(numbers)) == 3
    assert sequences == sorted(sequences)
    assert sequences[1] - sequences[0] == 1


def test_a_report_that_departs_from_its_assessment(client: TestClient, world: World) -> None:
    plan = {
        "date": "2026-03-01",
        "processor": {"name": "任意", "ftz": "registered"},
        "scenario": "ICV-AS-01",
        "persons": 1000,
        "items": [{"name": "车主信息", "category": 16, "fields": ["姓名"], "pi": "personal"}],
        "recipients": [{"name": "Example GmbH", "country": "DE"}],
    }
    assessment = client.post(
        "/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": plan}
    ).json()
    same = _draft(client, world, assessment_id=assessment["id"])
    ok = _post(client, world, "pa1a", same["id"], "submit", sign(same["version"]))
    assert ok.status_code == 200, ok.text
    differing = _draft(client, world, assessment_id=assessment["id"], persons=90000)
    refused = _post(client, world, "pa1a", differing["id"], "submit", sign(differing["version"]))
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "differs_from_assessment"
    assert "个人信息人数：报告为 90,000 人，评估为 1,000 人" in error["message"]
    assert "重新评估" in error["message"]
    knowingly = {**sign(differing["version"]), "acknowledge_differences": True}
    assert _post(client, world, "pa1a", differing["id"], "submit", knowingly).status_code == 200


def test_receipts_only_once_accepted_and_only_for_those_concerned(
    client: TestClient, world: World, database: Database
) -> None:
    draft = _draft(client, world)
    report = _post(client, world, "pa1a", draft["id"], "submit", sign(draft["version"])).json()
    submitter = Principal(
        user_id=None, username="pa1a", role=Role.processor_admin, processor_id=world.p1a
    )
    other = Principal(
        user_id=None, username="pa2", role=Role.processor_admin, processor_id=world.p2
    )
    with database.transaction() as db, pytest.raises(Conflict):
        cases.receipt_case(db, actor=submitter, kind=CaseKind.report, entity_id=report["id"])
    _post(client, world, "zo1", report["id"], "accept", {"version": report["version"]})
    with database.transaction() as db:
        case = cases.receipt_case(db, actor=submitter, kind=CaseKind.report, entity_id=report["id"])
        assert case.accepted_by == "zo1"
        assert case.number == report["case_number"]
        with pytest.raises(NotFound):
            cases.receipt_case(db, actor=other, kind=CaseKind.report, entity_id=report["id"])


def test_incidents_and_consultations_are_numbered(
    client: TestClient, world: World, database: Database
) -> None:
    incident = client.post(
        "/api/v1/incidents",
        headers=world.auth("pu1a"),
        json={
            "kind": "incident",
            "title": "境外接收方系统遭入侵",
            "description": "疑似泄露",
            "measures": "已断开接口",
            "occurred_at": "2026-03-02T08:00:00+08:00",
        },
    )
    assert incident.status_code == 201, incident.text
    assert "-SJ-" in incident.json()["case_number"]
    consultation = client.post(
        "/api/v1/consultations",
        headers=world.auth("pu1a"),
        json={"subject": "清单适用", "question": "售后服务场景是否适用？"},
    )
    assert consultation.status_code == 201, consultation.text
    assert "-ZX-" in consultation.json()["case_number"]
    with database.transaction() as db:
        assert db.query(Case).filter(Case.kind == "incident").count() >= 1
