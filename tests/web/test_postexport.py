"""Records, incidents to closure, and the enterprise inbox."""

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from .conftest import csrf_of, sign_in
from .world import World

INCIDENT_ROW = r'<tr id="incident-(\d+)"><td>[^\n]*?</td><td>'  # its 办件编号 cell, then the title


def _version(html: str, incident: str) -> str:
    found = re.search(
        rf'action="/incidents/{incident}/advance".*?name="version" value="(\d+)"', html, re.S
    )
    assert found is not None
    return found.group(1)


def test_record_then_incident_to_closure(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    token = csrf_of(client, "/enterprise/records")
    added = client.post(
        "/enterprise/records",
        data={
            "csrf_token": token,
            "occurred_on": "2026-03-02",
            "activity": "向境外售后网点传输车主信息",
            "recipient": "Example GmbH",
            "data_categories": "车主信息、车辆信息",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    reported = client.post(
        "/enterprise/incidents",
        data={
            "csrf_token": token,
            "kind": "incident",
            "title": "境外接收方系统遭入侵",
            "occurred_at": "2026-03-05T09:30",
            "description": "接收方报告其系统被入侵",
        },
        follow_redirects=False,
    )
    assert reported.status_code == 303
    page = client.get("/enterprise/records").text
    assert "向境外售后网点传输车主信息" in page
    register = load_workbook(io.BytesIO(client.get("/enterprise/records.xlsx").content)).active
    assert register is not None
    assert register["B2"].value == "向境外售后网点传输车主信息"
    assert "境外接收方系统遭入侵" in page
    incident = re.search(INCIDENT_ROW + "境外接收方系统遭入侵", page).group(1)  # type: ignore[union-attr]

    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    listing = zone.get("/zone/incidents").text
    assert "境外接收方系统遭入侵" in listing
    ordered = zone.post(
        f"/incidents/{incident}/advance",
        data={
            "csrf_token": csrf_of(zone, "/zone/incidents"),
            "version": _version(listing, incident),
            "action": "order_rectification",
        },
        follow_redirects=False,
    )
    assert ordered.status_code == 303
    page = client.get("/enterprise/records").text
    assert "整改中" in page
    done = client.post(
        f"/incidents/{incident}/advance",
        data={
            "csrf_token": token,
            "version": _version(page, incident),
            "action": "report_rectified",
            "note": "已更换接收方",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    listing = zone.get("/zone/incidents").text
    closed = zone.post(
        f"/incidents/{incident}/advance",
        data={
            "csrf_token": csrf_of(zone, "/zone/incidents"),
            "version": _version(listing, incident),
            "action": "close",
        },
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert "已办结" in client.get("/enterprise/records").text


def test_enterprise_cannot_close_its_own_incident(client: TestClient, world: World) -> None:
    sign_in(client, "ent2")
    token = csrf_of(client, "/enterprise/records")
    client.post(
        "/enterprise/incidents",
        data={"csrf_token": token, "title": "测试事件", "occurred_at": "2026-03-05T09:30"},
    )
    page = client.get("/enterprise/records").text
    incident = re.search(INCIDENT_ROW + "测试事件", page).group(1)  # type: ignore[union-attr]
    refused = client.post(
        f"/incidents/{incident}/advance",
        data={"csrf_token": token, "version": "1", "action": "close"},
    )
    assert refused.status_code == 422
    assert "无权" in refused.text


def test_inbox_lists_sections(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    page = client.get("/enterprise/inbox").text
    for heading in ("待补正的报告", "指令", "通知"):
        assert heading in page
