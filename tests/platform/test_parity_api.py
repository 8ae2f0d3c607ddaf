"""What the pages show, the API offers: open incidents per processor, risk levels, the
FTZ-wide overview — each scoped by the same services."""

from fastapi.testclient import TestClient

from conftest import World


def test_open_incidents_per_processor_are_scoped(client: TestClient, world: World) -> None:
    reported = client.post(
        "/api/v1/incidents",
        headers=world.auth("pu1a"),
        json={"title": "t", "occurred_at": "2026-04-01T00:00:00+08:00"},
    )
    assert reported.status_code == 201, reported.text
    mine = client.get("/api/v1/incidents/open-by-processor", headers=world.auth("zo1"))
    assert mine.status_code == 200
    assert mine.json()[str(world.p1a)] >= 1
    other = client.get("/api/v1/incidents/open-by-processor", headers=world.auth("zo2"))
    assert str(world.p1a) not in other.json()


def test_risk_levels_are_scoped(client: TestClient, world: World) -> None:
    path = f"/api/v1/supervision/processors/{world.p1a}/risk"
    body = {"level": "high", "reason": "多次违规"}
    assert client.put(path, headers=world.auth("zo1"), json=body).status_code == 200
    assert client.put(path, headers=world.auth("mo"), json=body).status_code == 403
    levels = client.get("/api/v1/supervision/processors/risk", headers=world.auth("zo1"))
    assert levels.json()[str(world.p1a)] == "high"
    other = client.get("/api/v1/supervision/processors/risk", headers=world.auth("zo2"))
    assert str(world.p1a) not in other.json()


def test_the_ftz_overview_is_for_the_coordinating_bureaus(client: TestClient, world: World) -> None:
    overview = client.get("/api/v1/zone-reports/overview", headers=world.auth("mo"))
    assert overview.status_code == 200, overview.text
    assert len(overview.json()) >= 2
    assert client.get("/api/v1/zone-reports/overview", headers=world.auth("zo1")).status_code == 403
