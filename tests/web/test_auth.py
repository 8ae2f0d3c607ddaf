"""Sign-in, sign-out and the page guards."""

from fastapi.testclient import TestClient
from httpx import Response

from chujing.platform.security import SESSION_COOKIE

from .conftest import post_form, sign_in
from .world import World


def test_workbench_needs_sign_in(client: TestClient, world: World) -> None:
    response = client.get("/workbench", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/workbench"


def test_sign_in_and_out(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    page = client.get("/workbench")
    assert "自贸板块工作人员" in page.text
    post_form(client, "/logout", "/workbench")
    assert client.get("/workbench", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused_in_chinese(client: TestClient, world: World) -> None:
    form = client.get("/login").text
    token = form.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login", data={"username": "ent1", "password": "nope", "login_csrf": token}
    )
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert SESSION_COOKIE not in response.cookies


def test_login_without_its_csrf_cookie_is_refused(client: TestClient, world: World) -> None:
    response = client.post(
        "/login", data={"username": "ent1", "password": "x", "login_csrf": "forged"}
    )
    assert response.status_code == 401
    assert "表单已过期" in response.text


def test_logout_without_csrf_is_refused(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert client.get("/workbench", follow_redirects=False).status_code == 200


def test_sign_in_follows_only_local_next(client: TestClient, world: World) -> None:
    form = client.get("/login").text
    token = form.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={
            "username": "city",
            "password": "Web-Passw0rd!x",
            "login_csrf": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/city"  # the municipal officer's start page


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    page = client.get("/")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert docs.headers["x-content-type-options"] == "nosniff"


def test_a_service_refusal_is_a_page_on_pages_and_json_on_the_api(
    client: TestClient, world: World
) -> None:
    from chujing.platform.accounts import service as accounts
    from chujing.platform.accounts.models import UserIn
    from chujing.platform.orgs import service as orgs
    from chujing.platform.permissions import Role
    from chujing.platform.principal import cli_principal

    app = client.app
    with app.state.database.transaction() as db:  # type: ignore[attr-defined]
        health = orgs.department_by_code(db_session=db, code="health")
        accounts.create_user(
            db_session=db,
            actor=cli_principal(),
            data=UserIn(
                username="regulator",
                role=Role.municipal_officer,
                department_id=health.id,
                password="Web-Passw0rd!x",
            ),
            settings=app.state.settings,  # type: ignore[attr-defined]
        )
    sign_in(client, "regulator")
    refused = client.get("/zone/halfyear")  # sector regulators see no zone reports
    assert refused.status_code == 403
    assert '<html lang="zh-CN">' in refused.text
    assert "板块报告仅对本板块和市级统筹部门可见" in refused.text
    api = TestClient(app).post("/api/v1/auth/login", json={"username": "x", "password": "y"})
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "bad_credentials"


def test_a_locked_sign_in_page_says_when_to_try_again(client: TestClient, world: World) -> None:
    browser = TestClient(client.app, client=("192.0.2.71", 40000))

    def attempt(password: str) -> Response:
        form = browser.get("/login").text
        token = form.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
        return browser.post(
            "/login",
            data={"username": "no-such-web-user", "password": password, "login_csrf": token},
        )

    for _ in range(5):
        assert attempt("nope").status_code == 401
    locked = attempt("nope")
    assert locked.status_code == 429
    assert "账户已临时锁定" in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 60
