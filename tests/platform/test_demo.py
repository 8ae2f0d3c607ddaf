"""The demonstration FTZ: every role can sign in and finds its own data; seeding is idempotent."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from chujing.platform.demo import PASSWORD, USERS, seed_demo
from chujing.platform.permissions import Role
from chujing.platform.settings import Settings


@pytest.fixture(scope="module")
def demo(settings: Settings) -> Any:
    return seed_demo(settings)


def _login(app: Any, username: str) -> TestClient:
    browser = TestClient(app)
    response = browser.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, (username, response.text)
    return browser


def test_every_role_has_a_demo_login(app: Any, demo: Any) -> None:
    assert {role for _, role, *_ in USERS} == set(Role)
    for username, role, *_ in USERS:
        me = _login(app, username).get("/api/v1/auth/me").json()
        assert me["user"]["role"] == role.value
    assert len(demo.lines) == len(USERS)


def test_demo_has_two_zones_reports_and_an_inspection(app: Any, demo: Any) -> None:
    city = _login(app, "city-officer")
    processors = city.get("/api/v1/processors", params={"limit": 200}).json()["items"]
    assert len({p["zone_id"] for p in processors}) >= 2
    states = {r["state"] for r in city.get("/api/v1/reports").json()["items"]}
    assert {"accepted", "returned", "submitted"} <= states
    zone = _login(app, "liangjiang-officer")
    inspections = zone.get("/api/v1/supervision/inspections")
    assert inspections.status_code == 200
    assert inspections.json()["total"] >= 1


def test_seeding_twice_changes_nothing(app: Any, settings: Settings, demo: Any) -> None:
    city = _login(app, "city-officer")
    before = city.get("/api/v1/processors").json()["total"]
    seed_demo(settings)
    assert city.get("/api/v1/processors").json()["total"] == before
