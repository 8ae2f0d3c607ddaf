"""A restore drill on each backend: back up a populated database while it is in use, restore
it into an empty one, and find the same rows, a verifying audit chain and working tokens."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from chujing.cli.main import app as cli
from chujing.platform.accounts.models import User
from chujing.platform.audit import service as audit
from chujing.platform.audit.models import AuditEntry
from chujing.platform.db import Database
from chujing.platform.orgs.models import Processor
from chujing.platform.settings import Settings
from chujing.server import create_app
from conftest import World

runner = CliRunner()


@pytest.fixture
def empty_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    admin_url = os.environ["CHUJING_TEST_POSTGRES_URL"]
    name = f"cj_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _counts(url: str) -> dict[str, Any]:
    database = Database(url)
    try:
        with database.transaction(write=False) as db:
            return {
                "users": db.scalar(select(func.count()).select_from(User)),
                "processors": db.scalar(select(func.count()).select_from(Processor)),
                "audit": db.scalar(select(func.max(AuditEntry.seq))),
                "verified": audit.verify(db_session=db).ok,
            }
    finally:
        database.dispose()


def test_restore_drill(
    database_url: str, empty_url: str, world: World, client: TestClient, tmp_path: Path
) -> None:
    file = tmp_path / "chujing.backup"
    made = runner.invoke(cli, ["db", "backup", str(file), "--database", database_url])
    assert made.exit_code == 0, made.output
    assert file.stat().st_mode & 0o777 == 0o600
    again = runner.invoke(cli, ["db", "backup", str(file), "--database", database_url])
    assert again.exit_code == 2
    assert "已存在" in again.output

    restored = runner.invoke(cli, ["db", "restore", str(file), "--database", empty_url])
    assert restored.exit_code == 0, restored.output
    before, after = _counts(database_url), _counts(empty_url)
    assert after == before
    assert after["verified"] is True
    assert after["users"] >= len(world.tokens)

    restored_db = Database(empty_url)
    with pytest.raises(DBAPIError), restored_db.transaction() as db:  # still append-only
        db.execute(text("UPDATE audit_log SET actor = 'x' WHERE seq = 1"))
    restored_db.dispose()

    application = create_app(Settings(database_url=empty_url))
    try:
        me = TestClient(application).get("/api/v1/auth/me", headers=world.auth("zo1"))
        assert me.status_code == 200
        assert me.json()["user"]["username"] == "zo1"
    finally:
        application.state.database.dispose()

    refused = runner.invoke(cli, ["db", "restore", str(file), "--database", empty_url])
    assert refused.exit_code == 2
    assert "不是空的" in refused.output
    assert _counts(empty_url) == before  # untouched by the refused restore


def test_restore_refuses_a_file_that_is_no_backup(empty_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    refused = runner.invoke(cli, ["db", "restore", str(junk), "--database", empty_url])
    assert refused.exit_code == 2
    assert "不是" in refused.output
    missing = runner.invoke(cli, ["db", "restore", str(tmp_path / "no"), "--database", empty_url])
    assert missing.exit_code == 2
    assert "无法读取" in missing.output
