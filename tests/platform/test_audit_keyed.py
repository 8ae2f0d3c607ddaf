"""The keyed chain: the issue's two forgeries fail verification, checkpoints catch a cut tail,
old unkeyed entries verify as the chain's legacy prefix, and the key file is guarded."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from typer.testing import CliRunner

from cast import running_app
from chujing.cli.audit import app as audit_app
from chujing.platform.audit import checkpoints
from chujing.platform.audit import service as audit
from chujing.platform.audit.keys import AuditKey, active_key, load_key, new_key_file
from chujing.platform.audit.models import LEGACY_MAC, AuditEntry, AuditHead
from chujing.platform.db import Database
from chujing.platform.errors import Invalid
from chujing.platform.principal import cli_principal
from chujing.platform.settings import AuditSettings, Settings
from conftest import World, make_world


# Every test forges or rewrites the chain: each has a database, an application and a
# world of its own (on the module's backend), so none sees another's forgery.
@pytest.fixture
def settings(own_database_url: str) -> Settings:
    return Settings(database_url=own_database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    yield from running_app(settings)


@pytest.fixture
def database(app: Any) -> Database:
    db: Database = app.state.database
    return db


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app)


@pytest.fixture(autouse=True)
def world(database: Database, settings: Settings) -> World:
    """The standard cast, so every chain starts with their audited registrations."""
    return make_world(database, settings)


def _as_legacy(entry: AuditEntry) -> str:
    """Mark `entry` unkeyed and give it the legacy hash, as a forger without the key would."""
    entry.mac = LEGACY_MAC
    return audit.legacy_hash(entry)


def _verify(database: Database) -> audit.Verification:
    with database.transaction(write=False) as db:
        return audit.verify(db_session=db)


def _checkpoint(database: Database, path: Path) -> checkpoints.Checkpoint:
    with database.transaction() as db:
        made = checkpoints.make_checkpoint(db_session=db)
    checkpoints.write_checkpoint(made, path)
    return made


def _against(database: Database, path: Path) -> audit.Verification:
    with database.transaction(write=False) as db:
        return checkpoints.against(checkpoints.read_checkpoint(path), db_session=db)


def _unguard(db: Any, sqlite: bool) -> None:
    """Remove the append-only triggers, as an intruder with database rights would."""
    if sqlite:
        db.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        db.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
    else:
        db.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))


def _rechain(db: Any, start: int, sign: Any) -> None:
    """Recompute every hash from `start` on, with `sign(entry)`, and move the head."""
    prev = db.scalar(select(AuditEntry.hash).where(AuditEntry.seq == start - 1)) or "0" * 64
    entries = db.scalars(select(AuditEntry).where(AuditEntry.seq >= start).order_by(AuditEntry.seq))
    last = None
    for entry in list(entries):
        db.expunge(entry)  # edited by hand below, never flushed by the ORM
        entry.prev_hash = prev
        entry.hash = sign(entry)
        db.execute(
            text("UPDATE audit_log SET prev_hash = :p, hash = :h, mac = :m WHERE seq = :s"),
            {"p": entry.prev_hash, "h": entry.hash, "m": entry.mac, "s": entry.seq},
        )
        prev, last = entry.hash, entry
    if last is not None:
        db.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"),
            {"s": last.seq, "h": last.hash},
        )
    db.expunge_all()


def test_entries_are_keyed_and_the_chain_verifies(
    client: TestClient, world: World, database: Database
) -> None:
    entries = client.get("/api/v1/audit", headers=world.auth("au")).json()["items"]
    assert entries
    assert {e["mac"] for e in entries} == {"hmac-sha256"}
    verdict = client.get("/api/v1/audit/verify", headers=world.auth("au")).json()
    assert verdict["ok"] is True
    assert verdict["legacy"] == 0


def test_a_checkpoint_is_signed_recorded_and_printed(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "cp.json"
    made = _checkpoint(database, path)
    data = json.loads(path.read_text())
    assert data["seq"] == made.seq
    assert data["hash"] == made.hash
    assert data["signature"]
    assert _against(database, path).ok
    with database.transaction(write=False) as db:
        latest = checkpoints.latest(db)
    assert latest == made
    line = checkpoints.document_line(latest)
    assert f"共 {made.seq} 条" in line
    assert made.hash[:16] in line
    data["seq"] -= 1  # a checkpoint edited to fit a shortened chain
    path.write_text(json.dumps(data))
    assert "签名无效" in (_against(database, path).reason or "")


def test_cli_checkpoint_and_verify(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "head.json"
    made = CliRunner().invoke(
        audit_app, ["checkpoint", "--database", settings.database_url, "--out", str(path)]
    )
    assert made.exit_code == 0, made.output
    checked = CliRunner().invoke(
        audit_app, ["verify", "--database", settings.database_url, "--checkpoint", str(path)]
    )
    assert checked.exit_code == 0, checked.output
    assert "与检查点" in checked.output
    broken = CliRunner().invoke(
        audit_app,
        ["verify", "--database", settings.database_url, "--checkpoint", str(tmp_path / "no")],
    )
    assert broken.exit_code == 2
    assert "检查点文件" in broken.output


def test_forgery_delete_last_entry_and_rewind_head(
    database: Database, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "cp.json"
    made = _checkpoint(database, path)
    with database.transaction() as db:
        _unguard(db, database.is_sqlite)
        last = db.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert last is not None
        assert last.seq == made.seq + 1
        db.execute(text("DELETE FROM audit_log WHERE seq >= :s"), {"s": made.seq})
        before = db.scalar(select(AuditEntry).where(AuditEntry.seq == made.seq - 1))
        assert before is not None
        db.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"),
            {"s": before.seq, "h": before.hash},
        )
    assert _verify(database).ok  # the database alone cannot tell: this is what checkpoints are for
    result = _against(database, path)
    assert not result.ok
    assert "比检查点短" in (result.reason or "")


def test_forgery_edit_an_entry_and_recompute_the_chain(
    database: Database, world: World, tmp_path: Path
) -> None:
    # without the key, the intruder can recompute with a key of their own, or relabel as legacy
    intruder = AuditKey(secret=b"x" * 32, mac="hmac-sha256")
    with database.transaction() as db:
        _unguard(db, database.is_sqlite)
        db.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"))
        _rechain(db, 3, lambda e: audit.entry_hash(e, intruder))
    result = _verify(database)
    assert not result.ok
    assert result.first_broken == 3
    assert "签名不符" in (result.reason or "")
    with database.transaction() as db:
        _rechain(db, 3, _as_legacy)
    result = _verify(database)
    assert not result.ok
    assert result.first_broken == 3
    assert "未加密钥" in (result.reason or "")


def test_a_whole_chain_rewritten_as_legacy_fails_against_a_checkpoint(
    database: Database, world: World, tmp_path: Path
) -> None:
    with database.transaction() as db:  # repair the chain as its key holder would (test only)
        _unguard(db, database.is_sqlite)
        key = active_key()

        def keyed(entry: AuditEntry) -> str:
            entry.mac = key.mac
            return audit.entry_hash(entry, key)

        _rechain(db, 1, keyed)
    assert _verify(database).ok
    path = tmp_path / "cp.json"
    _checkpoint(database, path)
    with database.transaction() as db:
        _rechain(db, 1, _as_legacy)
    plain = _verify(database)
    assert plain.ok
    assert plain.legacy == plain.checked
    result = _against(database, path)
    assert not result.ok
    assert "重写" in (result.reason or "")


def test_legacy_entries_verify_as_a_prefix(database: Database, world: World) -> None:
    with database.transaction() as db:  # a chain of before the key: all legacy entries
        _unguard(db, database.is_sqlite)
        _rechain(db, 1, _as_legacy)
    assert _verify(database).legacy == _verify(database).checked
    with database.transaction() as db:  # new entries are keyed after it
        head = db.get(AuditHead, 1)
        assert head is not None
        audit.record(
            db_session=db, actor=cli_principal(), action="test.upgraded", entity="x", entity_id=1
        )
    result = _verify(database)
    assert result.ok
    assert result.legacy == result.checked - 1


def test_key_file_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "absent.key"
    with pytest.raises(Invalid, match="无法读取"):
        load_key(AuditSettings(audit_key_file=missing))
    made = tmp_path / "made.key"
    new_key_file(made)
    assert made.stat().st_mode & 0o777 == 0o600
    first = made.read_bytes()
    new_key_file(made)  # an existing key is never replaced
    assert made.read_bytes() == first
    assert load_key(AuditSettings(audit_key_file=made)).secret == first.strip()
    shared = tmp_path / "shared.key"
    shared.write_text("k" * 40)
    os.chmod(shared, 0o644)
    with pytest.raises(Invalid, match="chmod 600"):
        load_key(AuditSettings(audit_key_file=shared))
    short = tmp_path / "short.key"
    short.write_text("abc")
    os.chmod(short, 0o600)
    with pytest.raises(Invalid, match="过短"):
        load_key(AuditSettings(audit_key_file=short))
    sm3 = load_key(AuditSettings(audit_key_file=made, audit_mac="hmac-sm3"))
    assert sm3.sign(b"m") != load_key(AuditSettings(audit_key_file=made)).sign(b"m")


def test_another_key_does_not_verify_the_chain(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _verify(database).ok
    other = tmp_path / "other.key"
    new_key_file(other)
    with monkeypatch.context() as patched:
        patched.setenv("CHUJING_AUDIT_KEY_FILE", str(other))
        result = _verify(database)
    assert not result.ok
    assert "另一把密钥" in (result.reason or "")
    assert _verify(database).ok
