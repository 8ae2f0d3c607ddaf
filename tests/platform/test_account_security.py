"""Accounts as 等保 level 3 expects: address back-off (never a hard block), lockout with
doubling delays and an administrator's unlock, banned passwords, the idle timeout, and the
client address taken from a trusted proxy only."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from chujing.cli.main import app as cli
from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import LoginSession, UserIn
from chujing.platform.audit.models import AuditEntry
from chujing.platform.db import Database, utcnow
from chujing.platform.errors import Invalid, PlatformError
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.proxies import client_address
from chujing.platform.security import DEMO_PASSWORD
from chujing.platform.settings import Settings
from chujing.server import create_app
from conftest import World

GOOD = "Lantern-Quiet-7!Ridge"


def _new_user(database: Database, settings: Settings, username: str) -> int:
    with database.transaction() as db:
        data = UserIn(username=username, role=Role.auditor, password=GOOD)
        return accounts.create_user(
            db_session=db, actor=cli_principal(), data=data, settings=settings
        ).id


def _attempt(
    database: Database, settings: Settings, username: str, password: str, at: datetime, address: str
) -> str:
    """One sign-in at `at`: 'ok' or the refusal's code (a failure is committed, as by the API)."""
    with database.transaction() as db:
        try:
            accounts.login(
                db_session=db,
                username=username,
                password=password,
                address=address,
                settings=settings,
                now=at,
            )
        except PlatformError as exc:
            return exc.code
    return "ok"


@pytest.mark.parametrize("password", ["Password123!", "Qwerty123456!", "P@ssw0rd2024!"])
def test_common_passwords_are_refused(client: TestClient, world: World, password: str) -> None:
    response = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "weakling", "role": "auditor", "password": password},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "password"
    assert "常见" in response.json()["error"]["message"]


def test_the_demo_password_is_refused_outside_the_demo(
    client: TestClient, world: World, database: Database, settings: Settings
) -> None:
    response = client.post(
        "/api/v1/users",
        headers=world.auth("sa"),
        json={"username": "copycat", "role": "auditor", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 422
    assert "演示密码" in response.json()["error"]["message"]
    with pytest.raises(Invalid, match="演示密码"), database.transaction() as db:
        accounts.set_password(
            db_session=db,
            actor=cli_principal(),
            user=accounts.user_by_name(db_session=db, username="au"),
            password=DEMO_PASSWORD,
            settings=settings,
        )
    demo = settings.model_copy(update={"demo": True})
    with database.transaction() as db:
        data = UserIn(username="demo-user", role=Role.auditor, password=DEMO_PASSWORD)
        accounts.create_user(db_session=db, actor=cli_principal(), data=data, settings=demo)


def test_lockout_doubles_and_an_administrator_unlocks(
    client: TestClient, world: World, database: Database, settings: Settings
) -> None:
    user_id = _new_user(database, settings, "locky2")

    def sign_in(password: str, at: datetime, address: str) -> str:
        return _attempt(database, settings, "locky2", password, at, address)

    t0 = utcnow()
    for n in range(5):
        assert sign_in("Wrong-Passw0rd!", t0, f"10.0.0.{n}") == "bad_credentials"
    # locked for 1 minute: even the right password is not checked
    assert sign_in(GOOD, t0 + timedelta(seconds=30), "10.1.0.1") == "locked"
    t1 = t0 + timedelta(seconds=61)
    assert sign_in("Wrong!", t1, "10.1.0.2") == "bad_credentials"
    # the sixth failure locks for 2 minutes from then
    assert sign_in(GOOD, t1 + timedelta(seconds=100), "10.1.0.3") == "locked"
    shown = client.get(f"/api/v1/users/{user_id}", headers=world.auth("sa")).json()
    assert shown["locked_until"] is not None
    unlock = f"/api/v1/users/{user_id}/unlock"
    assert client.post(unlock, headers=world.auth("au")).status_code == 403
    unlocked = client.post(unlock, headers=world.auth("sa"))
    assert unlocked.status_code == 200
    assert unlocked.json()["locked_until"] is None
    assert sign_in(GOOD, t1 + timedelta(seconds=101), "10.1.0.4") == "ok"
    with database.transaction(write=False) as db:
        actions = db.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(user_id)))
        assert "user.unlock" in set(actions)


def test_the_lock_grows_to_its_cap(database: Database, settings: Settings) -> None:
    _new_user(database, settings, "locky3")
    now = utcnow()
    for _ in range(12):  # each failure right after the previous lock ended
        with database.transaction() as db:
            until = accounts.locked_until(
                db_session=db, username="locky3", settings=settings, now=now
            )
        now = (until or now) + timedelta(seconds=1)
        _attempt(database, settings, "locky3", "Wrong!", now, "10.2.0.1")
    with database.transaction() as db:
        until = accounts.locked_until(db_session=db, username="locky3", settings=settings, now=now)
    assert until is not None
    assert until - now == timedelta(minutes=settings.lockout_minutes)


def test_unknown_names_lock_like_real_ones(database: Database, settings: Settings) -> None:
    now = utcnow()
    codes = [
        _attempt(database, settings, "no-such-user", "x", now, f"10.3.0.{n}") for n in range(6)
    ]
    assert codes == ["bad_credentials"] * 5 + ["locked"]


def test_an_address_backs_off_instead_of_being_blocked(
    database: Database, settings: Settings
) -> None:
    _new_user(database, settings, "behind-nat")
    now = utcnow()
    for n in range(settings.address_backoff_after):  # a scripted client tries many names
        assert _attempt(database, settings, f"guess{n}", "x", now, "198.51.100.7") == (
            "bad_credentials"
        )
    assert _attempt(database, settings, "behind-nat", GOOD, now, "198.51.100.7") == "throttled"
    assert _attempt(database, settings, "behind-nat", GOOD, now, "198.51.100.8") == "ok"
    later = now + timedelta(seconds=2)  # the first wait is one second
    assert _attempt(database, settings, "behind-nat", GOOD, later, "198.51.100.7") == "ok"


def test_the_client_address_comes_from_a_trusted_proxy_only() -> None:
    trusted = "10.0.0.0/8, 192.0.2.1"
    assert client_address("10.1.2.3", "203.0.113.9", trusted) == "203.0.113.9"
    # the client's own forged entry stands left of what the proxy appended
    assert client_address("10.1.2.3", "1.2.3.4, 203.0.113.9, 192.0.2.1", trusted) == "203.0.113.9"
    assert client_address("198.51.100.1", "203.0.113.9", trusted) == "198.51.100.1"
    assert client_address("10.1.2.3", None, trusted) == "10.1.2.3"
    assert client_address("10.1.2.3", "203.0.113.9", "") == "10.1.2.3"
    with pytest.raises(Invalid, match="nonsense"):
        client_address("10.1.2.3", "203.0.113.9", "nonsense")


def test_failed_sign_ins_are_recorded_with_the_proxied_address(
    settings: Settings, database: Database
) -> None:
    behind = settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    application = create_app(behind)
    try:
        browser = TestClient(application, client=("127.0.0.1", 40000))
        response = browser.post(
            "/api/v1/auth/login",
            json={"username": "proxied", "password": "Wrong-Passw0rd!"},
            headers={"X-Forwarded-For": "203.0.113.50"},
        )
        assert response.status_code == 401
    finally:
        application.state.database.dispose()
    with database.transaction(write=False) as db:
        entry = db.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == "auth.login_failed", AuditEntry.actor == "proxied")
            .order_by(AuditEntry.seq.desc())
        )
    assert entry is not None
    assert entry.address == "203.0.113.50"


def test_an_idle_session_ends(app: Any, database: Database, settings: Settings) -> None:
    _new_user(database, settings, "idler")
    browser = TestClient(app)
    assert (
        browser.post("/api/v1/auth/login", json={"username": "idler", "password": GOOD}).status_code
        == 200
    )

    def seen(ago: timedelta) -> None:
        with database.transaction() as db:
            db.execute(update(LoginSession).values(last_seen_at=utcnow() - ago))

    seen(timedelta(minutes=settings.idle_minutes - 5))
    assert browser.get("/api/v1/auth/me").status_code == 200  # in use: the idle clock restarts
    with database.transaction(write=False) as db:
        last = db.scalar(select(func.max(LoginSession.last_seen_at)))
    assert last is not None
    assert utcnow() - last < timedelta(minutes=1)
    seen(timedelta(minutes=settings.idle_minutes + 1))
    assert browser.get("/api/v1/auth/me").status_code == 401


def test_cli_unlock(settings: Settings, database: Database) -> None:
    _new_user(database, settings, "cli-locked")
    now = utcnow()
    for n in range(5):
        _attempt(database, settings, "cli-locked", "Wrong!", now, f"10.4.0.{n}")
    done = CliRunner().invoke(cli, ["users", "unlock", "cli-locked", "--database", database.url])
    assert done.exit_code == 0, done.output
    assert _attempt(database, settings, "cli-locked", GOOD, now, "10.4.1.1") == "ok"
    unknown = CliRunner().invoke(
        cli, ["users", "unlock", "nobody-here", "--database", database.url]
    )
    assert unknown.exit_code == 2
    assert "nobody-here" in unknown.output


def test_every_429_says_when_to_try_again(app: Any, database: Database, settings: Settings) -> None:
    _new_user(database, settings, "patient")
    now = utcnow()
    for n in range(settings.login_max_failures):
        _attempt(database, settings, "patient", "Wrong!", now, f"10.6.0.{n}")
    browser = TestClient(app, client=("192.0.2.61", 40000))
    locked = browser.post("/api/v1/auth/login", json={"username": "patient", "password": GOOD})
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked"
    wait = int(locked.headers["Retry-After"])
    assert 0 < wait <= settings.lockout_first_minutes * 60
    # the address back-off: its first wait is one second, said in the header too
    for n in range(settings.address_backoff_after):
        _attempt(database, settings, f"knock{n}", "x", utcnow(), "192.0.2.62")
    nat = TestClient(app, client=("192.0.2.62", 40000))
    throttled = nat.post("/api/v1/auth/login", json={"username": "patient", "password": GOOD})
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
    assert int(throttled.headers["Retry-After"]) >= 1
    # a plain wrong password is a 401 without one
    fresh = TestClient(app, client=("192.0.2.63", 40000))
    refused = fresh.post("/api/v1/auth/login", json={"username": "no-one", "password": "x"})
    assert refused.status_code == 401
    assert "Retry-After" not in refused.headers
