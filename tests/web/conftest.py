"""Fixtures of the page tests: one application on a fresh SQLite database per module."""

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from cast import running_app, sqlite_settings
from chujing.platform.settings import Settings

from .browser import launch_args, running_server
from .world import PASSWORD, World, seed


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of an upgraded, empty SQLite database."""
    return sqlite_settings(tmp_path_factory.mktemp("webdb"))


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[Any]:
    """The platform application with the web pages mounted."""
    yield from running_app(settings)


@pytest.fixture(scope="module")
def world(app: Any, settings: Settings) -> World:
    """Two zones, two processors and one user per role."""
    return seed(app.state.database, settings)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium for the browser tests (tests/web/browser.py)."""
    return launch_args(browser_type_launch_args)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    """The running platform (demo data and the test world) for a module's browser tests,
    and what was seeded into it."""
    with running_server(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture
def client(app: Any) -> TestClient:
    """A browser-like client without a session."""
    return TestClient(app)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (with its CSRF cookie) and follow the redirect."""
    form = client.get("/login")
    token = form.text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": username, "password": password, "login_csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def csrf_of(client: TestClient, path: str = "/workbench") -> str:
    """The session's CSRF token, read from a page's forms."""
    return client.get(path).text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def post_form(
    client: TestClient,
    url: str,
    page: str | None = None,
    *,
    status: int = 303,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    **data: str,
) -> Response:
    """Post a form's `data` (and `files`) to `url` with the session's CSRF token (read from
    `page`, by default `url` itself), not following the redirect; asserts the status (303
    unless told)."""
    token = csrf_of(client, page or url)
    response = client.post(
        url, data={"csrf_token": token, **data}, files=files, follow_redirects=False
    )
    assert response.status_code == status, response.text
    return response


def upload_scan(
    client: TestClient,
    name: str,
    content: bytes,
    *,
    status: int = 303,
    kind: str = "text/csv",
    **data: str,
) -> Response:
    """Upload the file `name` to scan, from the wizard's page of ICV-AS-01 (see post_form)."""
    files = {"file": (name, content, kind)}
    page = "/enterprise/assess?scenario=ICV-AS-01"
    return post_form(client, "/enterprise/scan", page, status=status, files=files, **data)


class _Inputs(HTMLParser):
    """Collects name → value of the inputs of the form posting to one action."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.values: dict[str, str] = {}
        self.select = ""  # the name of the select being read
        self.first = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = found.get("action") == self.action
        elif tag == "input" and self.inside and found.get("name"):
            kind = found.get("type")
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            self.values[str(found["name"])] = found.get("value") or ""
        elif tag == "select" and self.inside and found.get("name"):
            self.select, self.first = str(found["name"]), True
        elif tag == "option" and self.select:
            # a browser sends the selected option, or the first one when none is
            if "selected" in found or self.first:
                self.values[self.select] = found.get("value") or ""
            self.first = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = ""


def form_inputs(html: str, action: str) -> dict[str, str]:
    """The prefilled inputs of the form of `html` that posts to `action`."""
    parser = _Inputs(action)
    parser.feed(html)
    return parser.values
