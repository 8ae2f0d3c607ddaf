"""The demo seeds the regulators' cycle on top of the core demo and leaves a verifiable draw."""

from sqlalchemy import func, select

from chujing.platform.db import Database
from chujing.platform.demo import seed_demo
from chujing.platform.listcycle.models import ListVersion
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings
from chujing.platform.supervision import sampling
from chujing.platform.supervision.models import Draw, Order
from chujing.platform.zonereports.models import ZoneReport


def test_demo_seeds_every_stage_of_the_cycle(database: Database, settings: Settings) -> None:
    seed_demo(settings)
    with database.transaction(write=False) as db:
        assert db.scalar(select(func.count()).select_from(ListVersion)) == 1
        drawn, pending = db.scalars(select(Draw).order_by(Draw.id)).all()
        assert pending.state == "committed"  # backdated: a zone officer may draw it now
        draw = drawn
        assert draw.state == "drawn"
        check = sampling.verify(db_session=db, actor=cli_principal(), draw_id=draw.id)
        assert check.ok, check.failure
        assert db.scalar(select(func.count()).select_from(Order)) == 1
        assert db.scalar(select(func.count()).select_from(ZoneReport)) == 1
