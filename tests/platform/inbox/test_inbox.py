"""The notification centre (站内信): an enterprise's orders, returns, deadlines and survey
requests, unread until the category is read, unread again when something new arrives;
nobody sees another enterprise's messages."""

from datetime import timedelta

from fastapi.testclient import TestClient

from chujing.platform import clock
from conftest import World, submitted_report


def _box(client: TestClient, world: World, who: str) -> dict[str, dict[str, object]]:
    response = client.get("/api/v1/inbox", headers=world.auth(who))
    assert response.status_code == 200, response.text
    return {b["category"]: b for b in response.json()["boxes"]}


def _return(client: TestClient, world: World, report: dict[str, object]) -> None:
    returned = client.post(
        f"/api/v1/reports/{report['id']}/return",
        headers=world.auth("zo1"),
        json={
            "version": report["version"],
            "deficiencies": [{"field": "title", "problem": "过简"}],
        },
    )
    assert returned.status_code == 200, returned.text


def test_a_return_is_unread_until_read_and_a_new_one_is_unread_again(
    client: TestClient, world: World
) -> None:
    client.post("/api/v1/inbox/returns/read", headers=world.auth("pa1a"))
    _return(client, world, submitted_report(client, world))
    returns = _box(client, world, "pa1a")["returns"]
    assert returns["unread"] == 1
    assert "已退回" in returns["items"][0]["text"]  # type: ignore[index]
    read = client.post("/api/v1/inbox/returns/read", headers=world.auth("pa1a"))
    assert read.status_code == 200
    assert _box(client, world, "pa1a")["returns"]["unread"] == 0
    _return(client, world, submitted_report(client, world))
    assert _box(client, world, "pa1a")["returns"]["unread"] == 1
    assert _box(client, world, "pa2")["returns"]["items"] == []  # another enterprise's


def test_an_order_with_a_near_deadline_is_an_order_and_a_deadline(
    client: TestClient, world: World
) -> None:
    deadline = clock.today() + timedelta(days=1)
    issued = client.post(
        "/api/v1/supervision/orders",
        headers=world.auth("zo2"),
        json={
            "processor_id": world.p2,
            "kind": "rectify",
            "reason": "补充出境记录",
            "deadline": deadline.isoformat(),
        },
    )
    assert issued.status_code == 201, issued.text
    boxes = _box(client, world, "pa2")
    assert any("补充出境记录" in str(i["text"]) for i in boxes["orders"]["items"])  # type: ignore[attr-defined]
    assert any("整改期限" in str(i["text"]) for i in boxes["deadlines"]["items"])  # type: ignore[attr-defined]
    assert boxes["orders"]["unread"] >= 1  # type: ignore[operator]
    everything = client.get("/api/v1/inbox", headers=world.auth("pa2")).json()["unread"]
    assert everything >= 2
    assert not any(
        "补充出境记录" in str(i["text"])
        for i in _box(client, world, "pa1a")["orders"]["items"]  # type: ignore[attr-defined]
    )


def test_an_unknown_category_is_refused(client: TestClient, world: World) -> None:
    assert client.post("/api/v1/inbox/nonsense/read", headers=world.auth("pa1a")).status_code == 422
    assert client.get("/api/v1/inbox", headers=world.auth("zo1")).json() == {
        "unread": 0,
        "boxes": [],
    }
