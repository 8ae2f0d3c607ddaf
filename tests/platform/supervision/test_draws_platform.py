"""双随机 draws through the platform: recusal, commit-before-draw in the audit log, and
verification that detects a changed snapshot, seed or result."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chujing.cli.main import app as cli
from chujing.draws.receipt import seal
from chujing.platform.migrate import upgrade
from chujing.platform.settings import Settings
from conftest import World


@pytest.fixture(scope="module")
def settings(database_url: str) -> Settings:
    """This module's draws may be performed as soon as they are committed (no waiting day;
    the wait itself is tested in test_draw_wait.py)."""
    upgrade(database_url)
    return Settings(database_url=database_url, draw_wait_working_days=0)


@pytest.fixture(scope="module")
def drawn(client: TestClient, world: World) -> dict[str, Any]:
    """Four inspectors of zone 1, one recused from p1a; a draw over zone 1's ICV processors."""
    ids = {}
    for n in range(1, 5):
        response = client.post(
            "/api/v1/supervision/inspectors",
            headers=world.auth("zo1"),
            json={
                "code": f"LJ-{n}",
                "name": f"检查员{n}",
                "department": "commerce",
                "zone": "liangjiang",
            },
        )
        assert response.status_code == 201, response.text
        ids[f"LJ-{n}"] = response.json()["id"]
    conflict = client.post(
        f"/api/v1/supervision/inspectors/{ids['LJ-1']}/conflicts",
        headers=world.auth("zo1"),
        json={"processor_id": world.p1a, "reason": "曾任该公司法律顾问"},
    )
    assert conflict.status_code == 201
    risk = client.put(
        f"/api/v1/supervision/processors/{world.p1a}/risk",
        headers=world.auth("zo1"),
        json={"level": "high", "reason": "上年度有整改记录"},
    )
    assert risk.status_code == 200
    committed = client.post(
        "/api/v1/supervision/draws",
        headers=world.auth("zo1"),
        json={"item": "list-compliance", "title": "2026年第一次抽查", "sectors": ["智能网联汽车"]},
    )
    assert committed.status_code == 201, committed.text
    assert committed.json()["receipt"] is None
    performed = client.post(
        f"/api/v1/supervision/draws/{committed.json()['id']}/perform", headers=world.auth("zo1")
    )
    assert performed.status_code == 200, performed.text
    result: dict[str, Any] = performed.json()
    return result


def test_the_recused_inspector_is_never_drawn(drawn: dict[str, Any], world: World) -> None:
    receipt = drawn["receipt"]
    assert {p["zone"] for p in receipt["processors"]["processors"]} == {"liangjiang"}
    assert len(receipt["processors"]["processors"]) == 2
    (assignment,) = receipt["result"]["assignments"]
    assert "LJ-1" not in assignment["inspectors"]
    assert assignment["recused"] == ["LJ-1"]
    assert len(assignment["inspectors"]) == 2
    lj1 = next(i for i in receipt["inspectors"]["inspectors"] if i["id"] == "LJ-1")
    assert len(lj1["conflicts"]) == 1


def test_other_zones_do_not_see_the_draw(
    client: TestClient, drawn: dict[str, Any], world: World
) -> None:
    url = f"/api/v1/supervision/draws/{drawn['id']}"
    assert client.get(url, headers=world.auth("zo2")).status_code == 404
    assert client.get(url, headers=world.auth("mo")).status_code == 200
    assert client.get(url, headers=world.auth("pu1a")).status_code == 403


def test_commitment_is_logged_before_the_draw(
    client: TestClient, drawn: dict[str, Any], world: World
) -> None:
    entries = client.get(
        "/api/v1/audit",
        headers=world.auth("au"),
        params={"entity": "draw", "entity_id": str(drawn["id"])},
    ).json()["items"]
    by_action = {e["action"]: e for e in entries}
    commit, perform = by_action["draw.commit"], by_action["draw.perform"]
    assert commit["seq"] < perform["seq"]
    assert commit["detail"]["record_sha256"] == drawn["commitment"]["record_sha256"]
    assert perform["detail"]["receipt_sha256"] == drawn["receipt_sha256"]
    planned = client.get(
        "/api/v1/supervision/inspections", headers=world.auth("zo1"), params={"state": "planned"}
    ).json()["items"]
    assert [i["processor_id"] for i in planned if i["draw_id"] == drawn["id"]] == [world.p1a]


def _verify(client: TestClient, world: World, draw_id: int, receipt: Any = None) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/supervision/draws/{draw_id}/verify", headers=world.auth("mo"), json=receipt
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_the_stored_receipt_verifies(
    client: TestClient, drawn: dict[str, Any], world: World
) -> None:
    assert _verify(client, world, drawn["id"])["ok"] is True


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r["processors"]["processors"][0].update(name="改过的名称"),
        lambda r: r["inspectors"]["inspectors"][0].update(conflicts=[]),
        lambda r: r.update(seed="0" * 64),
        lambda r: r["result"]["assignments"][0].update(inspectors=["LJ-1", "LJ-2"]),
        lambda r: r["final_assignments"][0].update(inspectors=["LJ-1", "LJ-2"]),
    ],
    ids=["processor-snapshot", "inspector-snapshot", "seed", "result", "final"],
)
def test_any_change_is_detected(
    client: TestClient, drawn: dict[str, Any], world: World, tamper: Any
) -> None:
    receipt = json.loads(json.dumps(drawn["receipt"]))
    tamper(receipt)
    assert _verify(client, world, drawn["id"], receipt)["ok"] is False
    resealed = seal(receipt)
    outcome = _verify(client, world, drawn["id"], resealed)
    assert outcome["ok"] is False, "a resealed forgery must fail against the logged hashes"


def test_adjustment_is_recorded_and_still_verifies(
    client: TestClient, drawn: dict[str, Any], world: World
) -> None:
    (assignment,) = drawn["receipt"]["final_assignments"]
    leaving = assignment["inspectors"][0]
    replacement = {"kind": "replace_inspector", "processor_id": world.p1a, "inspector": leaving}
    url = f"/api/v1/supervision/draws/{drawn['id']}/adjustments"
    missing_reason = client.post(url, headers=world.auth("zo1"), json={**replacement, "reason": ""})
    assert missing_reason.status_code == 422
    adjusted = client.post(
        url,
        headers=world.auth("zo1"),
        json={**replacement, "reason": "病假", "new_conflict": False},
    )
    assert adjusted.status_code == 200, adjusted.text
    receipt = adjusted.json()["receipt"]
    (event,) = receipt["adjustments"]
    assert event["reason"] == "病假"
    assert event["replacement"] not in ("LJ-1", leaving)
    assert _verify(client, world, drawn["id"])["ok"] is True
    stale = _verify(client, world, drawn["id"], drawn["receipt"])
    assert stale["ok"] is False, "the pre-adjustment receipt no longer matches the logged hash"
    inspection = next(
        i
        for i in client.get("/api/v1/supervision/inspections", headers=world.auth("zo1")).json()[
            "items"
        ]
        if i["draw_id"] == drawn["id"]
    )
    assert leaving not in inspection["inspectors"]
    assert event["replacement"] in inspection["inspectors"]


def test_the_cli_verifies_the_platforms_receipt(
    client: TestClient, world: World, drawn: dict[str, Any], tmp_path: Path
) -> None:
    stored = client.get(f"/api/v1/supervision/draws/{drawn['id']}", headers=world.auth("mo")).json()
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(stored["receipt"], ensure_ascii=False), encoding="utf-8")
    assert CliRunner().invoke(cli, ["draws", "verify", str(path)]).exit_code == 0
    stored["receipt"]["seed"] = "1" * 64
    path.write_text(json.dumps(stored["receipt"], ensure_ascii=False), encoding="utf-8")
    assert CliRunner().invoke(cli, ["draws", "verify", str(path)]).exit_code == 1
