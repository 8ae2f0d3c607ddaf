"""Half-year reports as of the period: processors registered in the zone by its end (a field),
their status at its end, and records dated into an already submitted half-year listed once on
the next report."""

from typing import Any

from fastapi.testclient import TestClient

from chujing.platform import clock
from conftest import World, add_inspectors, posted, report_body, sign


def _compile(client: TestClient, world: World, who: str, period: str) -> dict[str, Any]:
    result: dict[str, Any] = posted(client, world, who, "/api/v1/zone-reports", {"period": period})
    return result


def _submit_zone_report(client: TestClient, world: World, who: str, report: dict[str, Any]) -> None:
    reviewed = posted(
        client,
        world,
        who,
        f"/api/v1/zone-reports/{report['id']}/review",
        {"version": report["version"]},
    )
    posted(
        client,
        world,
        who,
        f"/api/v1/zone-reports/{report['id']}/submit",
        {"version": reviewed["version"]},
    )


def _export_report(client: TestClient, world: World, admin: str, **body: Any) -> int:
    draft = posted(client, world, admin, "/api/v1/reports", report_body(**body))
    posted(client, world, admin, f"/api/v1/reports/{draft['id']}/submit", sign(draft["version"]))
    return int(draft["id"])


def _processor(client: TestClient, world: World, uscc: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/processors",
        headers=world.auth("zo1"),
        json={"uscc": uscc, "name": f"登记{uscc[-2:]}有限公司", "zone_id": world.zone1, **extra},
    )


def _registered_on(client: TestClient, world: World, who: str, pid: int, day: str) -> Any:
    current = client.get(f"/api/v1/processors/{pid}", headers=world.auth(who)).json()
    return client.patch(
        f"/api/v1/processors/{pid}",
        headers=world.auth(who),
        json={"version": current["version"], "registered_on": day},
    )


def test_registered_means_registered_in_the_zone_by_the_period_end(
    client: TestClient, world: World
) -> None:
    future = _processor(client, world, "91500000MA5U0T0032", registered_on="2999-01-01")
    assert future.status_code == 422
    assert future.json()["error"]["field"] == "registered_on"
    late = _processor(client, world, "91500000MA5U0T0045", registered_on="2026-01-10").json()
    assert late["registered_on"] == "2026-01-10"
    today = _processor(client, world, "91500000MA5U0T0058").json()
    assert today["registered_on"] == clock.today().isoformat()
    for pid in (world.p1a, world.p1b):  # the suite's processors: registered in August 2025
        moved = _registered_on(client, world, "zo1", pid, "2025-08-01")
        assert moved.status_code == 200, moved.text
    assert _registered_on(client, world, "pa1a", world.p1a, "2026-01-01").status_code == 403
    ended = _compile(client, world, "zo1", "2025H2")["figures"]["processors"]
    assert ended["registered"] == 2  # p1a, p1b — not the two registered since
    assert ended["by_status"] == {"active": 2}


def test_statuses_are_those_at_the_period_end(client: TestClient, world: World) -> None:
    posted(
        client,
        world,
        "zo2",
        "/api/v1/supervision/orders",
        {"processor_id": world.p2, "kind": "suspend", "reason": "未履行承诺"},
    )
    moved = _registered_on(client, world, "zo2", world.p2, "2026-01-05")
    assert moved.status_code == 200, moved.text
    ended = _compile(client, world, "zo2", "2026H1")["figures"]
    assert ended["processors"]["by_status"] == {"active": 1}  # suspended only since
    assert ended["status_as_of"] == "2026-06-30"
    running = _compile(client, world, "zo2", "2026H2")["figures"]
    assert running["processors"]["by_status"] == {"suspended": 1}
    verified = {
        "summary": "已整改",
        "verified_on": clock.today().isoformat(),
        "verified_by": "王核",
    }
    posted(
        client,
        world,
        "zo2",
        "/api/v1/supervision/orders",
        {"processor_id": world.p2, "kind": "resume", "reason": "复查", "rectification": verified},
    )


def _inspection(client: TestClient, world: World, concluded_on: str) -> int:
    created = posted(
        client,
        world,
        "zo1",
        "/api/v1/supervision/inspections",
        {"processor_id": world.p1b, "item": "list-compliance", "inspectors": ["AS-1", "AS-2"]},
    )
    posted(
        client,
        world,
        "zo1",
        f"/api/v1/supervision/inspections/{created['id']}/conclusion",
        {"version": created["version"], "result": "no_issue", "concluded_on": concluded_on},
    )
    return int(created["id"])


def test_records_dated_into_a_submitted_half_year_are_listed_once_on_the_next(
    client: TestClient, world: World
) -> None:
    add_inspectors(client, world, "zo1", ["AS-1", "AS-2"])
    on_time = _export_report(client, world, "pa1a", export_date="2026-03-01", persons=400)
    in_time = _inspection(client, world, "2026-04-01")
    first = _compile(client, world, "zo1", "2026H1")
    assert first["figures"]["reports"]["count"] == 1
    assert first["figures"]["inspections"]["concluded"] == 1
    _submit_zone_report(client, world, "zo1", first)

    backdated = _inspection(client, world, "2026-05-01")
    late = _export_report(client, world, "pa1a", export_date="2026-04-01", persons=300)
    _export_report(client, world, "pa1a", export_date="2026-08-01", persons=200)  # on time
    second = _compile(client, world, "zo1", "2026H2")
    listed = second["figures"]["late_entries"]
    assert [(e["id"], e["period"], e["persons"]) for e in listed["reports"]] == [
        (late, "2026H1", 300)
    ]
    assert [(e["id"], e["concluded_on"]) for e in listed["inspections"]] == [
        (backdated, "2026-05-01")
    ]
    assert on_time not in {e["id"] for e in listed["reports"]}
    assert in_time not in {e["id"] for e in listed["inspections"]}
    stored = client.get(f"/api/v1/zone-reports/{first['id']}", headers=world.auth("zo1")).json()
    assert stored["figures"] == first["figures"]  # the submitted report is never changed
    _submit_zone_report(client, world, "zo1", second)
    third = _compile(client, world, "zo1", "2027H1")["figures"]["late_entries"]
    assert third == {"reports": [], "inspections": []}  # listed once
