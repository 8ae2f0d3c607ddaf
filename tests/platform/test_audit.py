"""The audit chain: every state change appended, edits and deletions detected, rewrites refused."""

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import UserIn
from chujing.platform.audit import service as audit
from chujing.platform.audit.models import AuditEntry
from chujing.platform.db import Database
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings
from chujing.server import create_app
from chujing.synth import values
from conftest import World, new_processor, status_of, token_for


def _verify(database: Database) -> audit.Verification:
    with database.transaction(write=False) as db:
        return audit.verify(db_session=db)


def test_state_changes_are_logged_with_who_and_where(client: TestClient, world: World) -> None:
    client.patch(
        f"/api/v1/processors/{world.p2}",
        headers=world.auth("zo2"),
        json={"version": 1, "contact_name": "赵经理"},
    )
    entries = client.get(
        "/api/v1/audit",
        headers=world.auth("au"),
        params={"action": "processor.update", "entity_id": str(world.p2)},
    ).json()["items"]
    assert entries, "the update was not audited"
    entry = entries[0]
    assert entry["actor"] == "zo2"
    assert entry["role"] == "zone_officer"
    assert entry["address"] == "testclient"
    assert entry["before_hash"]
    assert entry["after_hash"]
    assert entry["before_hash"] != entry["after_hash"]
    assert client.get("/api/v1/audit/verify", headers=world.auth("au")).json()["ok"] is True


def test_only_auditors_read_the_log(client: TestClient, world: World) -> None:
    for who in ("sa", "mo", "zo1", "pa1a"):
        assert status_of(client, world, who, "/api/v1/audit") == 403


def test_service_refuses_to_rewrite_entries(database: Database, world: World) -> None:
    with database.transaction(write=False) as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.seq == 1))
        assert entry is not None
        entry.actor = "mallory"
        with pytest.raises(PermissionError):
            db.flush()
        db.rollback()


def test_database_refuses_update_and_delete(database: Database, world: World) -> None:
    for statement in ("UPDATE audit_log SET actor = 'x' WHERE seq = 1", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), database.transaction() as db:
            db.execute(text(statement))


def test_concurrent_writers_keep_one_chain(app: Any, world: World, database: Database) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def register(n: int) -> int:
        body = {
            "uscc": values.uscc(random.Random(1000 + n)),
            "name": f"并发登记企业{n}",
            "zone_id": world.zone1,
        }
        return (
            TestClient(app)
            .post("/api/v1/processors", headers=world.auth("zo1"), json=body)
            .status_code
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(register, range(24)))
    assert statuses == [201] * 24
    assert _verify(database).ok


def _unguard(database: Database) -> None:
    with database.transaction() as db:
        if database.is_sqlite:
            db.execute(text("DROP TRIGGER audit_log_no_update"))
            db.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            db.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


@pytest.fixture
def exposed(own_database_url: str) -> Iterator[Database]:
    """A database of this test alone with ten audited changes and its guard removed, the
    way an intruder would."""
    database = Database(own_database_url)
    rng = random.Random(7)
    with database.transaction() as db:
        zone = orgs.zone_by_code(db_session=db, code="liangjiang").id
        for _ in range(10):
            new_processor(db, zone, "智能网联汽车", rng)
    assert _verify(database).ok
    assert _verify(database).checked >= 10
    _unguard(database)
    yield database
    database.dispose()


def test_tampering_is_detected_at_the_first_broken_entry(exposed: Database) -> None:
    app = create_app(Settings(database_url=exposed.url))
    auditor = token_for(exposed, _auditor(exposed))
    with exposed.transaction() as db:
        db.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"))
    result = _verify(exposed)
    assert not result.ok
    assert result.first_broken == 5
    with exposed.transaction() as db:
        db.execute(text("DELETE FROM audit_log WHERE seq = 5"))
    result = _verify(exposed)
    assert not result.ok
    assert result.first_broken == 5
    assert "缺失" in (result.reason or "")
    verdict = TestClient(app).get("/api/v1/audit/verify", headers=auditor).json()
    assert verdict["ok"] is False
    assert verdict["first_broken"] == 5
    app.state.database.dispose()


def test_a_truncated_tail_is_detected(exposed: Database) -> None:
    with exposed.transaction() as db:
        db.execute(text("DELETE FROM audit_log WHERE seq >= 6"))
    result = _verify(exposed)
    assert not result.ok
    assert result.first_broken is not None


def test_cli_verify_exit_codes(exposed: Database) -> None:
    from typer.testing import CliRunner

    from chujing.cli.audit import app

    sound = CliRunner().invoke(app, ["verify", "--database", exposed.url])
    assert sound.exit_code == 0, sound.output
    with exposed.transaction() as db:
        db.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"))
    result = CliRunner().invoke(app, ["verify", "--database", exposed.url])
    assert result.exit_code == 1
    assert "第 5 条" in result.output


def _auditor(database: Database) -> int:
    """A new auditor's id (audited too, so created before the tampering is checked)."""
    with database.transaction() as db:
        user = accounts.create_user(
            db_session=db,
            actor=cli_principal(),
            data=UserIn(username=f"au{uuid.uuid4().hex[:6]}", role=Role.auditor),
            settings=Settings(database_url=database.url),
        )
        return user.id
