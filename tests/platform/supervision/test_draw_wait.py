"""A draw waits the configured working days after its commitment was published; the
operator (the demo) may date a commitment back, nobody else."""

from datetime import timedelta

import pytest

from chujing.platform import clock
from chujing.platform.db import Database, utcnow
from chujing.platform.errors import Conflict, Forbidden
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal, cli_principal
from chujing.platform.settings import Settings
from chujing.platform.supervision import directory, sampling
from chujing.platform.supervision.models import DrawIn, InspectorIn
from chujing.platform.supervision.sampling import earliest_day
from conftest import World


@pytest.fixture(scope="module", autouse=True)
def inspectors(database: Database, world: World) -> None:
    """Two municipal inspectors to draw from."""
    with database.transaction() as db:
        for n in (1, 2):
            directory.add_inspector(
                db_session=db,
                actor=cli_principal(),
                data=InspectorIn(code=f"WAIT-{n}", name=f"检查员{n}", department="cac"),
            )


def test_the_default_wait_is_one_working_day() -> None:
    assert Settings(database_url="sqlite://").draw_wait_working_days == 1


def test_a_fresh_draw_is_refused_until_a_working_day_has_passed(
    database: Database, world: World
) -> None:
    with database.transaction() as db:
        draw = sampling.commit(
            db_session=db, actor=cli_principal(), data=DrawIn(item="list-compliance", title="抽查")
        )
        with pytest.raises(Conflict) as refused:
            sampling.perform(
                db_session=db, actor=cli_principal(), draw_id=draw.id, wait_working_days=1
            )
        assert refused.value.code == "too_early"
        assert "须满 1 个工作日" in refused.value.message
        assert earliest_day(draw, 1) > clock.today()
        done = sampling.perform(
            db_session=db, actor=cli_principal(), draw_id=draw.id, wait_working_days=0
        )
        assert done.state == "drawn"


def test_a_backdated_commitment_may_be_drawn_now(database: Database, world: World) -> None:
    with database.transaction() as db:
        draw = sampling.commit(
            db_session=db,
            actor=cli_principal(),
            data=DrawIn(item="list-compliance", title="补录"),
            at=utcnow() - timedelta(days=14),
        )
        done = sampling.perform(
            db_session=db, actor=cli_principal(), draw_id=draw.id, wait_working_days=1
        )
        assert done.receipt is not None
        assert done.drawn_at is not None
        assert done.drawn_at > draw.committed_at


def test_only_the_operator_backdates(database: Database, world: World) -> None:
    officer = Principal(
        user_id=world.user_ids["zo1"], username="zo1", role=Role.zone_officer, zone_id=world.zone1
    )
    with database.transaction() as db, pytest.raises(Forbidden):
        sampling.commit(
            db_session=db,
            actor=officer,
            data=DrawIn(item="list-compliance", title="补录"),
            at=utcnow() - timedelta(days=14),
        )
