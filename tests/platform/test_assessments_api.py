"""Assessments: the engine run on a stored plan, scoped reads, re-runs that show what changed."""

from typing import Any

from fastapi.testclient import TestClient

from chujing.platform.assessments.service import diff
from conftest import World


def _plan(**overrides: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "date": "2026-03-01",
        "processor": {"name": "任意", "ftz": "registered"},
        "persons": 150000,
        "items": [
            {"name": "车主联系信息", "category": 16, "fields": ["姓名", "手机号"], "pi": "personal"}
        ],
        "recipients": [{"name": "Example GmbH", "country": "DE"}],
    }
    plan.update(overrides)
    return plan


def test_run_stores_plan_outcome_and_rules_version(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/assessments", headers=world.auth("pu1a"), json={"title": "售后", "plan": _plan()}
    )
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["processor_id"] == world.p1a
    assert stored["pathway"] == stored["outcome"]["pathway"]
    assert stored["rules_version"] == stored["outcome"]["rules_version"]
    assert stored["plan"]["processor"]["sector"] == "智能网联汽车"  # filled from the registration
    assert stored["plan"]["year_to_date"] == {"persons": 0, "sensitive_persons": 0}
    assert world.statuses(client, f"/api/v1/assessments/{stored['id']}", "pu1b", "zo1", "zo2") == {
        "pu1b": 404,
        "zo1": 200,
        "zo2": 404,
    }


def test_bad_plan_names_the_field(client: TestClient, world: World) -> None:
    plan = _plan(items=[{"name": "x", "pi": "maybe"}])
    response = client.post("/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": plan})
    assert response.status_code == 422
    assert response.json()["error"]["field"].startswith("plan.items[0]")


def test_foreign_uscc_in_plan_is_refused(client: TestClient, world: World) -> None:
    plan = _plan(processor={"name": "x", "uscc": "91500000MA5U00000W"})
    response = client.post("/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": plan})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "plan.processor.uscc"


def test_rerun_on_a_later_date_lists_the_changes(client: TestClient, world: World) -> None:
    first = client.post(
        "/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": _plan()}
    ).json()
    rerun = client.post(
        f"/api/v1/assessments/{first['id']}/rerun",
        headers=world.auth("pu1a"),
        json={"on": "2028-03-01"},
    )
    assert rerun.status_code == 201, rerun.text
    again = rerun.json()
    assert again["rerun_of_id"] == first["id"]
    fields = {c["field"] for c in again["changes"]}
    assert first["outcome"]["regime"] != again["outcome"]["regime"]  # the list expired in 2027
    assert "regime" in fields


def test_diff_reports_flags_and_entries() -> None:
    before = {
        "pathway": "exempt",
        "flags": ["a"],
        "negative_list": {"id": "l", "version": "1", "matched_entries": []},
        "items": [{"name": "x", "pathway": "exempt"}],
    }
    after = {
        "pathway": "security_assessment",
        "flags": ["b"],
        "negative_list": {"id": "l", "version": "2", "matched_entries": ["E1"]},
        "items": [{"name": "x", "pathway": "security_assessment"}],
    }
    changes = {c.field: (c.before, c.after) for c in diff(before, after)}
    assert changes["pathway"] == ("exempt", "security_assessment")
    assert changes["negative_list.version"] == ("1", "2")
    assert changes["negative_list.matched_entries"] == ([], ["E1"])
    assert changes["flags"] == (["a"], ["b"])
    assert changes["items[x].pathway"] == ("exempt", "security_assessment")


def test_only_enterprises_run_assessments(client: TestClient, world: World) -> None:
    response = client.post("/api/v1/assessments", headers=world.auth("zo1"), json={"plan": _plan()})
    assert response.status_code == 403
