"""Security headers: CSP and nosniff on the API and /docs, the Swagger UI from local assets,
no-store on authenticated pages and downloads, and the session cookie's attributes."""

import re

from fastapi.testclient import TestClient

from chujing.platform.security import SESSION_COOKIE

from .conftest import sign_in
from .world import PASSWORD, World


def test_the_api_and_its_schema_may_run_nothing(client: TestClient) -> None:
    for path in ("/api/v1/auth/me", "/openapi.json", "/api/v1/nowhere"):
        response = client.get(path)
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_docs_load_only_local_assets_and_no_inline_script(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    policy = docs.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources
    assert all(s.startswith("/docs/") for s in sources), sources  # no CDN
    assert "<script>" not in docs.text  # every script has a src
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.content) > 100
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text[:2000]
    start = client.get("/docs/start.js")
    assert start.headers["content-type"].startswith("text/javascript")
    assert "/openapi.json" in start.text


def test_authenticated_pages_and_downloads_are_not_stored(client: TestClient, world: World) -> None:
    public = client.get("/")
    assert "no-store" not in public.headers.get("cache-control", "")
    sign_in(client, "zone1")
    for path in ("/workbench", "/api/v1/auth/me", "/zone"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    assert "no-store" not in client.get("/static/site.css").headers.get("cache-control", "")


def test_the_answer_that_sets_the_session_cookie_is_not_stored(
    client: TestClient, world: World
) -> None:
    form = client.get("/login")
    token = form.text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": "zone1", "password": PASSWORD, "login_csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["cache-control"] == "no-store"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute.lower() in cookie.lower()
