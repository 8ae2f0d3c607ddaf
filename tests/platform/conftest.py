"""Fixtures of the platform suite: a fresh database per module on SQLite AND PostgreSQL.

Every API test runs twice, once per backend. PostgreSQL comes from
CHUJING_TEST_POSTGRES_URL (scripts/pg-temp.sh); without it the PostgreSQL half fails.
"""

import os
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cast import Cast, create_users, new_processor, places, running_app
from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import User
from chujing.platform.db import Database, utcnow
from chujing.platform.migrate import upgrade
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings

BACKENDS = ["sqlite", "postgresql"]
PASSWORD = "Test-Passw0rd!x"


def _postgres_admin_url() -> str:
    url = os.environ.get("CHUJING_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("CHUJING_TEST_POSTGRES_URL is not set: start one with scripts/pg-temp.sh")
    return url


@contextmanager
def _empty_database(backend: str, directory: Path) -> Iterator[str]:
    """The URL of a new, empty database on `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    admin_url = _postgres_admin_url()
    name = f"cj_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database for this test module, on each backend in turn."""
    with _empty_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def own_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of this test alone (upgraded, empty), on the module's backend: for a test
    that breaks what it finds (tampering, truncation) without breaking its neighbours."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with _empty_database(backend, tmp_path) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="module")
def settings(database_url: str) -> Settings:
    """Settings of the module's database (upgraded to the newest schema)."""
    upgrade(database_url)
    return Settings(database_url=database_url)


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[Any]:
    """The application on the module's database."""
    yield from running_app(settings)


@pytest.fixture(scope="module")
def database(app: Any) -> Database:
    """The application's database, for direct service calls."""
    db: Database = app.state.database
    return db


@pytest.fixture(scope="module")
def client(app: Any) -> TestClient:
    """An HTTP client without credentials."""
    return TestClient(app)


@dataclass
class World:
    """Two zones, three processors and a user with a bearer token per role and scope."""

    zone1: int
    zone2: int
    p1a: int
    p1b: int
    p2: int
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        """Headers authenticating as `who`."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def statuses(self, client: TestClient, url: str, *who: str) -> dict[str, int]:
        """The status each of `who` gets reading `url` (who sees a record, who is told 404)."""
        return {w: client.get(url, headers=self.auth(w)).status_code for w in who}


USERS: Cast = {
    "pu1a": (Role.processor_user, "p1a"),
    "pa1a": (Role.processor_admin, "p1a"),
    "pu1b": (Role.processor_user, "p1b"),
    "pa2": (Role.processor_admin, "p2"),
    "zo1": (Role.zone_officer, "zone1"),
    "zo2": (Role.zone_officer, "zone2"),
    "mo": (Role.municipal_officer, "cac"),
    "mo_health": (Role.municipal_officer, "health"),
    "sl": (Role.security_liaison, "police"),
    "ex": (Role.expert, None),
    "au": (Role.auditor, None),
    "sa": (Role.system_admin, None),
}
# one representative user per role (its first in USERS), for the authorisation matrix
BY_ROLE = {role: who for who, (role, _) in reversed(USERS.items())}


@pytest.fixture(scope="module")
def world(database: Database, settings: Settings) -> World:
    """The standard cast of the suite."""
    return make_world(database, settings)


def make_world(database: Database, settings: Settings) -> World:
    """Register the standard cast in `database`."""
    rng = random.Random(4)
    with database.transaction() as db:
        bound = places(db, {"zone1": "liangjiang", "zone2": "xiyong"}, ("cac", "health", "police"))
        for key, zone, sector in (
            ("p1a", "zone1", "智能网联汽车"),
            ("p1b", "zone1", "医疗健康"),
            ("p2", "zone2", "智能网联汽车"),
        ):
            bound[key] = new_processor(db, bound[zone], sector, rng).id
        result = World(bound["zone1"], bound["zone2"], bound["p1a"], bound["p1b"], bound["p2"])
        users = create_users(
            db, settings, USERS, bound, lambda who: PASSWORD if who == "pa1a" else None
        )
        for who, user in users.items():
            result.tokens[who] = token_secret(db, user, settings)
            result.user_ids[who] = user.id
    return result


def token_secret(db: Session, user: User, settings: Settings) -> str:
    """The secret of a new API token of `user`."""
    actor, now = cli_principal(), utcnow()
    _, secret = accounts.issue_token(
        db_session=db, actor=actor, user=user, name="test", settings=settings, now=now
    )
    return secret


def token_for(database: Database, user_id: int) -> dict[str, str]:
    """Bearer headers for a user created during a test."""
    with database.transaction() as db:
        user = accounts.get_user(db_session=db, actor=cli_principal(), user_id=user_id)
        secret = token_secret(db, user, Settings(database_url=database.url))
    return {"Authorization": f"Bearer {secret}"}


def report_body(**overrides: Any) -> dict[str, Any]:
    """A complete Art 11 report body."""
    body: dict[str, Any] = {
        "title": "车主联系信息出境（售后服务）",
        "scenario": "ICV-AS-01",
        "scenario_name": "全球售后服务",
        "categories": [{"category": 16, "name": "车主信息", "fields": ["姓名", "手机号"]}],
        "persons": 1000,
        "sensitive_persons": 0,
        "recipients": [{"name": "Example GmbH", "country": "DE"}],
        "export_date": "2026-03-01",
    }
    body.update(overrides)
    return body


def posted(
    client: TestClient, world: World, who: str, url: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Post `body` to `url` as `who`, asserting it was taken (200 or 201): the answer."""
    response = client.post(url, headers=world.auth(who), json=body)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def status_of(client: TestClient, world: World, who: str, url: str) -> int:
    """The status `who` is answered reading `url` (200 shown, 404 hidden, 403 refused)."""
    return client.get(url, headers=world.auth(who)).status_code


def add_inspectors(client: TestClient, world: World, who: str, codes: list[str]) -> None:
    """Register inspectors of 两江 (the commerce department's) as the zone officer `who`."""
    for code in codes:
        body = {"code": code, "name": code, "department": "commerce", "zone": "liangjiang"}
        posted(client, world, who, "/api/v1/supervision/inspectors", body)


def sign(version: int) -> dict[str, Any]:
    """A submission body with the signed commitment."""
    return {"version": version, "commitment": {"signed_by": "张经理", "agree": True}}


def submitted_report(client: TestClient, world: World, **overrides: Any) -> dict[str, Any]:
    """A report of p1a, drafted by its clerk and submitted by its administrator."""
    created = client.post(
        "/api/v1/reports", headers=world.auth("pu1a"), json=report_body(**overrides)
    )
    assert created.status_code == 201, created.text
    report = created.json()
    response = client.post(
        f"/api/v1/reports/{report['id']}/submit",
        headers=world.auth("pa1a"),
        json=sign(report["version"]),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
