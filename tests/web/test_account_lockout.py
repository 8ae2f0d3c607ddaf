"""A locked account on the administrator's page: shown with its end, lifted with one button."""

from typing import Any

from fastapi.testclient import TestClient

from .conftest import post_form, sign_in
from .world import PASSWORD, World


def _try(client: TestClient, password: str) -> tuple[int, str, str | None]:
    form = client.get("/login").text
    token = form.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": "expert", "password": password, "login_csrf": token},
        follow_redirects=False,
    )
    return response.status_code, response.text, response.headers.get("retry-after")


def test_an_administrator_unlocks_a_locked_account(app: Any, world: World) -> None:
    victim = TestClient(app)
    for _ in range(5):
        assert _try(victim, "Wrong-Passw0rd!")[0] == 401
    status, text, retry_after = _try(victim, PASSWORD)  # locked: refused although right
    assert status == 429
    assert retry_after is not None
    assert int(retry_after) >= 1
    assert "账户已临时锁定" in text
    admin = TestClient(app)
    sign_in(admin, "admin1")
    listing = admin.get("/admin/users").text
    assert "登录已锁定至" in listing
    expert_id = world.ids["expert"]
    post_form(admin, f"/admin/users/{expert_id}/unlock", "/admin/users")
    assert "登录已锁定至" not in admin.get("/admin/users").text
    assert _try(victim, PASSWORD)[0] == 303
    forged = admin.post(f"/admin/users/{expert_id}/unlock", data={"csrf_token": "x"})
    assert forged.status_code == 403
