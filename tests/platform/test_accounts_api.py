"""Sign-in, sessions with CSRF, throttling and lockout, tokens and user administration."""

from itertools import count
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from chujing.platform.accounts.models import LoginSession
from chujing.platform.db import Database, utcnow
from chujing.platform.security import CSRF_HEADER, SESSION_COOKIE
from conftest import PASSWORD, World, token_for

_HOSTS = count(1)


def _login(
    app: Any, username: str, password: str, *, address: str | None = None
) -> tuple[TestClient, Any]:
    """Sign in from `address` (default: a fresh one, so no other test's failed sign-ins
    count against this one's address)."""
    n = next(_HOSTS)
    host = address or f"198.18.{n // 250}.{n % 250 + 1}"
    browser = TestClient(app, client=(host, 50000))
    response = browser.post("/api/v1/auth/login", json={"username": username, "password": password})
    return browser, response


def test_session_cookie_requires_csrf_on_writes(app: Any, world: World) -> None:
    browser, response = _login(app, "pa1a", PASSWORD)
    assert response.status_code == 200
    assert SESSION_COOKIE in browser.cookies
    csrf = response.json()["csrf_token"]
    assert browser.get("/api/v1/auth/me").json()["user"]["username"] == "pa1a"
    body = {"name": "erp"}
    refused = browser.post("/api/v1/tokens", json=body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf"
    wrong = browser.post("/api/v1/tokens", json=body, headers={CSRF_HEADER: csrf + "x"})
    assert wrong.status_code == 403
    issued = browser.post("/api/v1/tokens", json=body, headers={CSRF_HEADER: csrf})
    assert issued.status_code == 201
    assert issued.json()["token"].startswith("cjt_")
    assert browser.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf}).status_code == 204
    assert browser.get("/api/v1/auth/me").status_code == 401


def test_expired_session_is_refused(app: Any, database: Database, world: World) -> None:
    browser, response = _login(app, "pa1a", PASSWORD)
    assert response.status_code == 200
    with database.transaction() as db:
        db.execute(update(LoginSession).values(expires_at=utcnow()))
    assert browser.get("/api/v1/auth/me").status_code == 401


def test_bearer_tokens_can_be_revoked(client: TestClient, world: World) -> None:
    issued = client.post("/api/v1/tokens", headers=world.auth("zo1"), json={"name": "系统对接"})
    token = issued.json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert (
        client.delete(f"/api/v1/tokens/{token['id']}", headers=world.auth("zo2")).status_code == 404
    )
    assert client.delete(f"/api/v1/tokens/{token['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert client.get("/api/v1/auth/me", headers={"Authorization": "Basic x"}).status_code == 401


def test_lockout_after_repeated_failures(app: Any, client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "locky", "role": "auditor", "password": "Secure-Passw0rd!"},
    )
    assert created.status_code == 201
    for _ in range(5):
        _, failed = _login(app, "locky", "Wrong-Passw0rd!")
        assert failed.status_code == 401
    _, locked = _login(app, "locky", "Secure-Passw0rd!")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked"


@pytest.mark.parametrize(
    ("password", "why"),
    [("Short1!", "12"), ("alllowercaseletters", "三类"), ("Xprocuser99!Long", "用户名")],
)
def test_password_policy(client: TestClient, world: World, password: str, why: str) -> None:
    response = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "xprocuser99", "role": "auditor", "password": password},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "password"
    assert why in response.json()["error"]["message"]


def test_role_binding_is_required(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "zonex", "role": "zone_officer"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "zone_id"
    liaison = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "liaisonx", "role": "security_liaison", "department_id": 1},
    )
    assert liaison.status_code == 422
    assert liaison.json()["error"]["field"] == "department_id"


def test_enterprise_admin_manages_only_own_users(client: TestClient, world: World) -> None:
    own = {"username": "clerk1a", "role": "processor_user", "processor_id": world.p1a}
    assert client.post("/api/v1/users", headers=world.auth("pa1a"), json=own).status_code == 201
    other = {"username": "clerk2", "role": "processor_user", "processor_id": world.p2}
    assert client.post("/api/v1/users", headers=world.auth("pa1a"), json=other).status_code == 403
    escalate = {"username": "zone9", "role": "zone_officer", "zone_id": world.zone1}
    assert (
        client.post("/api/v1/users", headers=world.auth("pa1a"), json=escalate).status_code == 403
    )
    listed = client.get("/api/v1/users", headers=world.auth("pa1a")).json()["items"]
    assert {u["processor_id"] for u in listed} == {world.p1a}
    other_user = world.user_ids["pa2"]
    assert client.get(f"/api/v1/users/{other_user}", headers=world.auth("pa1a")).status_code == 404


def test_deactivated_user_loses_tokens(
    client: TestClient, database: Database, world: World
) -> None:
    created = client.post(
        "/api/v1/users",
        headers=world.auth("pa1a"),
        json={"username": "leaver", "role": "processor_user", "processor_id": world.p1a},
    ).json()
    headers = token_for(database, created["id"])
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    response = client.patch(
        f"/api/v1/users/{created['id']}",
        headers=world.auth("pa1a"),
        json={"version": created["version"], "active": False},
    )
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_admin_reset_lifts_a_lockout(app: Any, client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "forgetful", "role": "auditor", "password": "Forgot-Passw0rd!"},
    ).json()
    for _ in range(5):
        _login(app, "forgetful", "Wrong-Passw0rd!")
    assert _login(app, "forgetful", "Forgot-Passw0rd!")[1].status_code == 429
    reset = client.post(
        f"/api/v1/users/{created['id']}/password",
        headers=world.auth("sa"),
        json={"version": created["version"], "new_password": "Fresh-Passw0rd!"},
    )
    assert reset.status_code == 200
    assert _login(app, "forgetful", "Fresh-Passw0rd!")[1].status_code == 200
    other = client.post(
        f"/api/v1/users/{world.user_ids['pa2']}/password",
        headers=world.auth("pa1a"),
        json={"version": 1, "new_password": "Fresh-Passw0rd!"},
    )
    assert other.status_code == 404


def test_many_failures_from_one_address_are_throttled(
    app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one instant for every attempt: the back-off (1 s, then doubling) must not run out
    # while a loaded machine is still signing in, so the test does not depend on its speed
    instant = utcnow()
    monkeypatch.setattr("chujing.platform.accounts.api.utcnow", lambda: instant)
    here = "203.0.113.7"  # this test's own address: the others sign in from fresh ones
    statuses = [
        _login(app, f"nobody{n}", "Wrong-Passw0rd!", address=here)[1].status_code for n in range(20)
    ]
    assert set(statuses) <= {401, 429}
    assert _login(app, "pa1a", PASSWORD)[1].status_code == 200  # other addresses are not held
    _, throttled = _login(app, "pa1a", PASSWORD, address=here)
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
