"""Art 16: append-only processing records; incidents routed at once and rectified to closure."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.clocks.schedule import schedule
from chujing.platform.db import Database
from chujing.platform.records.models import ProcessingRecord
from chujing.workdays import add_working_days
from conftest import World

INCIDENT = {
    "kind": "incident",
    "title": "境外接收方服务器遭入侵",
    "description": "境外接收方报告其服务器被未授权访问",
    "measures": "已暂停传输并更换密钥",
    "occurred_at": "2026-04-01T09:30:00+08:00",
}


def _incident(client: TestClient, world: World) -> dict[str, Any]:
    response = client.post("/api/v1/incidents", headers=world.auth("pu1a"), json=INCIDENT)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_records_are_appended_and_scoped(client: TestClient, world: World) -> None:
    body = {
        "occurred_on": "2026-04-02",
        "activity": "境外接收方按合同用途处理",
        "data_categories": ["车主信息"],
    }
    created = client.post("/api/v1/records", headers=world.auth("pu1a"), json=body)
    assert created.status_code == 201
    rid = created.json()["id"]
    assert world.statuses(client, f"/api/v1/records/{rid}", "zo1", "zo2", "pu1b") == {
        "zo1": 200,
        "zo2": 404,
        "pu1b": 404,
    }
    assert client.post("/api/v1/records", headers=world.auth("zo1"), json=body).status_code == 403


def test_records_cannot_be_rewritten(client: TestClient, world: World, database: Database) -> None:
    body = {"occurred_on": "2026-04-03", "activity": "境外接收方归档"}
    created = client.post("/api/v1/records", headers=world.auth("pu1a"), json=body)
    assert created.status_code == 201, created.text
    with database.transaction(write=False) as db:
        record = db.get(ProcessingRecord, created.json()["id"])
        assert record is not None
        record.activity = "改写"
        with pytest.raises(PermissionError):
            db.flush()
        db.rollback()


def test_incident_is_routed_to_zone_and_three_bureaus_at_once(
    client: TestClient, world: World
) -> None:
    incident = _incident(client, world)
    routes = incident["routes"]
    assert {r["zone_id"] for r in routes if r["zone_id"]} == {world.zone1}
    departments = client.get(
        "/api/v1/departments", headers=world.auth("mo"), params={"kind": "coordinating"}
    ).json()["items"]
    assert {r["department_id"] for r in routes if r["department_id"]} == {
        d["id"] for d in departments
    }
    assert len({r["routed_at"] for r in routes}) == 1
    assert world.statuses(client, f"/api/v1/incidents/{incident['id']}", "mo", "zo2") == {
        "mo": 200,
        "zo2": 404,
    }


def test_rectification_to_closure(client: TestClient, world: World) -> None:
    incident = _incident(client, world)
    url = f"/api/v1/incidents/{incident['id']}"
    ordered = client.post(
        f"{url}/order-rectification",
        headers=world.auth("zo1"),
        json={"version": incident["version"], "note": "十个工作日内整改"},
    )
    assert ordered.status_code == 200, ordered.text
    ordered_body = ordered.json()
    assert ordered_body["state"] == "rectifying"
    # the same default period as a supervision order's (one schedule for both)
    default = add_working_days(clock.today(), schedule().rectification_working_days)
    assert ordered_body["rectification_due"] == default.isoformat()
    early_close = client.post(
        f"{url}/close", headers=world.auth("zo1"), json={"version": ordered_body["version"]}
    )
    assert early_close.status_code == 409
    done = client.post(
        f"{url}/rectified",
        headers=world.auth("pu1a"),
        json={"version": ordered_body["version"], "note": "已完成"},
    )
    assert done.json()["state"] == "rectified"
    closed = client.post(
        f"{url}/close", headers=world.auth("zo1"), json={"version": done.json()["version"]}
    )
    assert closed.json()["state"] == "closed"
    assert [s["action"] for s in closed.json()["steps"]] == [
        "report",
        "order_rectification",
        "report_rectified",
        "close",
    ]
    reopen = client.post(
        f"{url}/rectified", headers=world.auth("pu1a"), json={"version": closed.json()["version"]}
    )
    assert reopen.status_code == 409


def test_only_the_zone_orders_rectification(client: TestClient, world: World) -> None:
    incident = _incident(client, world)
    url = f"/api/v1/incidents/{incident['id']}/order-rectification"
    assert client.post(url, headers=world.auth("pu1a"), json={"version": 1}).status_code == 403
    assert client.post(url, headers=world.auth("mo"), json={"version": 1}).status_code == 403
    assert client.post(url, headers=world.auth("zo2"), json={"version": 1}).status_code == 404


def test_naive_timestamp_is_refused(client: TestClient, world: World) -> None:
    body = {**INCIDENT, "occurred_at": "2026-04-01T09:30:00"}
    response = client.post("/api/v1/incidents", headers=world.auth("pu1a"), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "occurred_at"
