"""Migrations: empty → head matches the models; head → previous → head keeps the data."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from chujing.platform.migrate import alembic_config, current, upgrade
from chujing.platform.models import metadata


def _head_and_previous(url: str) -> tuple[str, str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    return head, previous


def test_empty_to_head_matches_the_models(database_url: str) -> None:
    upgrade(database_url)
    head, _ = _head_and_previous(database_url)
    assert current(database_url) == head
    engine = create_engine(database_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_previous_revision_and_back_keeps_data(database_url: str) -> None:
    from alembic import command

    upgrade(database_url)
    head, previous = _head_and_previous(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        zones = conn.execute(text("SELECT count(*) FROM zones")).scalar_one()
    with engine.begin() as conn:
        config = alembic_config(database_url)
        config.attributes["connection"] = conn
        command.downgrade(config, previous)
    assert current(database_url) == previous
    upgrade(database_url)
    assert current(database_url) == head
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM zones")).scalar_one() == zones
    engine.dispose()


def test_down_to_empty_and_up_again(database_url: str) -> None:
    from alembic import command

    engine = create_engine(database_url)
    with engine.begin() as conn:
        config = alembic_config(database_url)
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    engine.dispose()
    assert current(database_url) is None
    upgrade(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM departments")).scalar_one() > 0
    engine.dispose()


def test_registration_dates_are_backfilled_from_the_creation_day(database_url: str) -> None:
    from alembic import command

    upgrade(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        config = alembic_config(database_url)
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    with engine.begin() as conn:
        zone = conn.execute(text("SELECT min(id) FROM zones")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO processors (uscc, name, zone_id, sector, ftz, ciio, contact_name,"
                " contact_phone, contact_email, status, created_at, version) VALUES"
                " ('91500000MA5U0T009L', '迁移测试公司', :zone, '', 'registered', false, '', '',"
                " '', 'active', '2026-03-01 20:00:00', 1)"
            ),
            {"zone": zone},
        )
    upgrade(database_url)
    with engine.begin() as conn:
        registered = conn.execute(
            text("SELECT registered_on FROM processors WHERE uscc = '91500000MA5U0T009L'")
        ).scalar_one()
        conn.execute(text("DELETE FROM processors WHERE uscc = '91500000MA5U0T009L'"))
    engine.dispose()
    assert str(registered) == "2026-03-02"  # 20:00 UTC is the next day in Asia/Shanghai
