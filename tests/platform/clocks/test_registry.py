"""The clocks watch every domain's deadlines through the registry, incidents and
consultations included, and refuse to run on an incomplete registry."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
from chujing.platform.clocks import registry
from chujing.platform.clocks import service as clocks
from chujing.platform.db import Database
from conftest import World


def test_every_domain_with_a_deadline_is_registered() -> None:
    assert set(registry.providers()) == {
        "consultations",
        "listcycle.expiries",
        "listcycle.surveys",
        "records.incidents",
        "supervision.inspections",
        "supervision.orders",
        "zonereports",
    }


def test_an_incomplete_registry_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_complete", False)
    with pytest.raises(RuntimeError, match="not loaded"):
        registry.providers()


def test_a_late_incident_rectification_is_escalated_to_its_zone(
    client: TestClient, world: World, database: Database
) -> None:
    incident = client.post(
        "/api/v1/incidents",
        headers=world.auth("pu1a"),
        json={"title": "接收方泄露", "occurred_at": "2026-04-01T09:30:00+08:00"},
    ).json()
    due = date(2026, 12, 15)
    ordered = client.post(
        f"/api/v1/incidents/{incident['id']}/order-rectification",
        headers=world.auth("zo1"),
        json={"version": incident["version"], "due": due.isoformat()},
    )
    assert ordered.status_code == 200, ordered.text
    with database.transaction(write=False) as db:
        before = clocks.due_items(db_session=db, on=due - timedelta(days=1))
        after = clocks.due_items(db_session=db, on=due + timedelta(days=1))
    mine = [i for i in before if i.kind == "incident.rectify" and i.ref_id == incident["id"]]
    assert [(i.stage, i.recipient) for i in mine] == [("reminder", f"processor:{world.p1a}")]
    mine = [i for i in after if i.kind == "incident.rectify" and i.ref_id == incident["id"]]
    assert [(i.stage, i.recipient, i.zone_id) for i in mine] == [
        ("escalation", f"zone:{world.zone1}", world.zone1)
    ]


def test_an_unanswered_consultation_reminds_the_zone_then_escalates_to_the_city(
    client: TestClient, world: World, database: Database
) -> None:
    asked = client.post(
        "/api/v1/consultations",
        headers=world.auth("pu1a"),
        json={"subject": "售后服务场景", "question": "是否在清单内？"},
    )
    assert asked.status_code == 201, asked.text
    consultation = asked.json()
    due = date.fromisoformat(consultation["due_on"])
    with database.transaction(write=False) as db:
        before = clocks.due_items(db_session=db, on=due)
        after = clocks.due_items(db_session=db, on=due + timedelta(days=1))
    mine = [i for i in before if i.kind == "consultation.answer" and i.ref_id == consultation["id"]]
    assert [(i.stage, i.recipient) for i in mine] == [("reminder", f"zone:{world.zone1}")]
    mine = [i for i in after if i.kind == "consultation.answer" and i.ref_id == consultation["id"]]
    assert [(i.stage, i.recipient) for i in mine] == [("escalation", registry.CITY)]
    answered = client.post(
        f"/api/v1/consultations/{consultation['id']}/answer",
        headers=world.auth("zo1"),
        json={"version": consultation["version"], "answer": "不在清单内。"},
    )
    assert answered.status_code == 200, answered.text
    with database.transaction(write=False) as db:
        later = clocks.due_items(db_session=db, on=due + timedelta(days=1))
    assert not [
        i for i in later if i.kind == "consultation.answer" and i.ref_id == consultation["id"]
    ]
