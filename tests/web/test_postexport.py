"""Records, incidents to closure, and the enterprise inbox."""

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from .conftest import csrf_of, post_form, sign_in
from .world import World

INCIDENT_ROW = r'<tr id="incident-(\d+)"><td>[^\n]*?</td><td>'  # its 办件编号 cell, then the title


def _version(html: str, incident: str) -> str:
    found = re.search(
        rf'action="/incidents/{incident}/advance".*?name="version" value="(\d+)"', html, re.S
    )
    assert found is not None
    return found.group(1)


def _advance(client: TestClient, incident: str, listing: str, action: str, **note: str) -> None:
    """Move the incident on with `action`, at the version the `listing` page shows."""
    version = _version(client.get(listing).text, incident)
    post_form(
        client, f"/incidents/{incident}/advance", listing, version=version, action=action, **note
    )


def test_record_then_incident_to_closure(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    records = "/enterprise/records"
    post_form(
        client,
        records,
        occurred_on="2026-03-02",
        activity="向境外售后网点传输车主信息",
        recipient="Example GmbH",
        data_categories="车主信息、车辆信息",
    )
    post_form(
        client,
        "/enterprise/incidents",
        records,
        kind="incident",
        title="境外接收方系统遭入侵",
        occurred_at="2026-03-05T09:30",
        description="接收方报告其系统被入侵",
    )
    page = client.get("/enterprise/records").text
    assert "向境外售后网点传输车主信息" in page
    register = load_workbook(io.BytesIO(client.get("/enterprise/records.xlsx").content)).active
    assert register is not None
    assert register["B2"].value == "向境外售后网点传输车主信息"
    assert "境外接收方系统遭入侵" in page
    incident = re.search(INCIDENT_ROW + "境外接收方系统遭入侵", page).group(1)  # type: ignore[union-attr]

    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    assert "境外接收方系统遭入侵" in zone.get("/zone/incidents").text
    _advance(zone, incident, "/zone/incidents", "order_rectification")
    assert "整改中" in client.get(records).text
    _advance(client, incident, records, "report_rectified", note="已更换接收方")
    _advance(zone, incident, "/zone/incidents", "close")
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
    refused = post_form(
        client,
        f"/incidents/{incident}/advance",
        "/enterprise/records",
        status=422,
        version="1",
        action="close",
    )
    assert "无权" in refused.text


def test_inbox_lists_sections(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    page = client.get("/enterprise/inbox").text
    for heading in ("待补正的报告", "指令", "通知"):
        assert heading in page
