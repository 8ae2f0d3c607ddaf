"""The authorisation matrix: every route × every role, and cross-zone / cross-organisation reads."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from chujing.platform.app import API_PREFIX
from chujing.platform.deps import Requirement
from chujing.platform.permissions import Perm, Role, allowed
from chujing.platform.routers import api_router
from conftest import BY_ROLE, World, report_body

PUBLIC = {("POST", "/api/v1/auth/login"), ("GET", "/api/v1/health"), ("GET", "/api/v1/faq")}


def _perm(dependant: Any) -> Perm | None:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, Requirement):
            return dependency.call.perm
        found = _perm(dependency)
        if found is not None:
            return found
    return None


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # a router included in another
            yield from _api_routes(route.original_router.routes)


def _routes() -> Iterator[tuple[str, str, Perm | None]]:
    """Every API route as (method, path, permission), from the router mounted at /api/v1."""
    for route in _api_routes(api_router.routes):
        for method in sorted(route.methods):
            yield method, API_PREFIX + route.path, _perm(route.dependant)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> int:
    url = path
    while "{" in url:
        start, end = url.index("{"), url.index("}")
        url = url[:start] + "999999" + url[end + 1 :]
    body = None if method in ("GET", "DELETE") else {}
    return client.request(method, url, headers=headers, json=body).status_code


def test_every_protected_route_declares_a_permission() -> None:
    unguarded = {(m, p) for m, p, perm in _routes() if perm is None and (m, p) not in PUBLIC}
    # routes any signed-in user may use on their own account
    assert unguarded == {
        ("GET", "/api/v1/auth/me"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/password"),
    }


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(client: TestClient, world: World, role: Role) -> None:
    headers = world.auth(BY_ROLE[role])
    wrong = []
    for method, path, perm in _routes():
        if perm is None:
            continue
        status = _call(client, method, path, headers)
        expected_forbidden = not allowed(role, perm)
        if (status == 403) != expected_forbidden or status >= 500:
            wrong.append((method, path, perm.value, status))
    assert wrong == []


def test_unauthenticated_calls_get_401(client: TestClient) -> None:
    statuses = {(m, p): _call(client, m, p, {}) for m, p, perm in _routes() if perm is not None}
    assert {k: v for k, v in statuses.items() if v != 401} == {}


@pytest.fixture(scope="module")
def owned(client: TestClient, world: World) -> dict[str, int]:
    """One object of each kind belonging to processor p1a in zone 1."""
    auth = world.auth("pu1a")
    plan = {
        "date": "2026-03-01",
        "processor": {"name": "x"},
        "items": [{"name": "联系人", "pi": "personal"}],
        "recipients": [{"name": "R", "country": "DE"}],
    }
    created = {
        "reports": client.post("/api/v1/reports", headers=auth, json=report_body()),
        "assessments": client.post("/api/v1/assessments", headers=auth, json={"plan": plan}),
        "records": client.post(
            "/api/v1/records", headers=auth, json={"occurred_on": "2026-04-01", "activity": "a"}
        ),
        "incidents": client.post(
            "/api/v1/incidents",
            headers=auth,
            json={"title": "t", "occurred_at": "2026-04-01T00:00:00+08:00"},
        ),
        "consultations": client.post(
            "/api/v1/consultations", headers=auth, json={"subject": "s", "question": "q"}
        ),
    }
    ids = {}
    for kind, response in created.items():
        assert response.status_code == 201, (kind, response.text)
        ids[kind] = response.json()["id"]
    ids["processors"] = world.p1a
    return ids


SEES = ("pu1a", "pa1a", "zo1", "mo")
BLIND = ("pu1b", "pa2", "zo2", "mo_health")


@pytest.mark.parametrize(
    "kind", ["processors", "reports", "assessments", "records", "incidents", "consultations"]
)
def test_isolation(client: TestClient, world: World, owned: dict[str, int], kind: str) -> None:
    item = f"/api/v1/{kind}/{owned[kind]}"
    for who in SEES:
        assert client.get(item, headers=world.auth(who)).status_code == 200, who
        listed = client.get(f"/api/v1/{kind}", headers=world.auth(who), params={"limit": 200})
        assert owned[kind] in {x["id"] for x in listed.json()["items"]}, who
    for who in BLIND:
        assert client.get(item, headers=world.auth(who)).status_code == 404, who
        listed = client.get(f"/api/v1/{kind}", headers=world.auth(who), params={"limit": 200})
        assert owned[kind] not in {x["id"] for x in listed.json()["items"]}, who
    for who in ("sl", "ex", "au", "sa"):
        if kind != "processors":
            assert client.get(item, headers=world.auth(who)).status_code == 403, who
