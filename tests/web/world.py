"""A small synthetic world for the page tests: two zones, processors, a user per role."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cast import Cast, create_users, new_processor, places
from chujing.platform.db import Database
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal, cli_principal
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import (
    Commitment,
    DataCategory,
    Recipient,
    ReportIn,
    SubmitIn,
)
from chujing.platform.settings import Settings
from chujing.platform.supervision import directory
from chujing.platform.supervision.models import InspectorIn
from chujing.synth import values

PASSWORD = "Web-Passw0rd!x"
USERS: Cast = {
    "ent1": (Role.processor_admin, "p1"),
    "clerk1": (Role.processor_user, "p1"),
    "ent2": (Role.processor_admin, "p2"),
    "zone1": (Role.zone_officer, "zone1"),
    "zone2": (Role.zone_officer, "zone2"),
    "city": (Role.municipal_officer, "cac"),
    "police1": (Role.security_liaison, "police"),
    "expert": (Role.expert, None),
    "audit1": (Role.auditor, None),
    "admin1": (Role.system_admin, None),
}


@dataclass
class World:
    """Ids of what was seeded."""

    ids: dict[str, int] = field(default_factory=dict)


def seed(database: Database, settings: Settings) -> World:
    """Register two processors in two zones and one user per role (all with PASSWORD)."""
    rng = random.Random(6)
    world = World()
    with database.transaction() as db:
        world.ids.update(places(db, {"zone1": "liangjiang", "zone2": "xiyong"}, ("cac", "police")))
        for key, zone in (("p1", "zone1"), ("p2", "zone2")):
            world.ids[key] = new_processor(db, world.ids[zone], "智能网联汽车", rng).id
        for name, user in create_users(db, settings, USERS, world.ids, lambda _: PASSWORD).items():
            world.ids[name] = user.id
        for i, zone in enumerate(("liangjiang", "liangjiang", "liangjiang", "xiyong", "xiyong")):
            directory.add_inspector(
                db_session=db,
                actor=cli_principal(),
                data=InspectorIn(
                    code=f"insp-{i}", name=f"检查员{values.name(rng)}", department="cac", zone=zone
                ),
            )
    return world


def customers_csv(rows: int) -> bytes:
    """A synthetic customer table: `rows` lines over 40 distinct people."""
    rng = random.Random(11)
    lines = ["客户姓名,手机号码,身份证号,订单金额"]
    people = [(values.name(rng), values.mobile(rng), values.resident_id(rng)) for _ in range(40)]
    for i in range(rows):
        name, phone, rid = people[i % len(people)]
        lines.append(f"{name},{phone},{rid},{values.amount(rng)}")
    return ("\n".join(lines) + "\n").encode()


def enterprise(world: World, username: str) -> Principal:
    """The seeded enterprise administrator `username` (ent1 or ent2) as an actor."""
    processor = USERS[username][1]
    assert USERS[username][0] is Role.processor_admin
    assert processor is not None
    return Principal(
        user_id=world.ids[username],
        username=username,
        role=Role.processor_admin,
        processor_id=world.ids[processor],
    )


def submitted_report(
    database: Database,
    actor: Principal,
    export_date: date,
    *,
    before_submit: Callable[[Session, int], None] | None = None,
    **fields: Any,
) -> int:
    """A report of `actor`'s organisation (one category of 500 persons to DE unless `fields`
    say otherwise), drafted and submitted with the signed commitment: its id."""
    data: dict[str, Any] = {
        "title": "出境",
        "scenario_name": "售后服务",
        "categories": [DataCategory(name="车主信息", category=16, fields=["姓名"])],
        "persons": 500,
        "recipients": [Recipient(name="Example GmbH", country="DE")],
        "export_date": export_date,
        **fields,
    }
    with database.transaction() as db:
        report = reports.create(db_session=db, actor=actor, data=ReportIn(**data))
        db.flush()
        if before_submit is not None:
            before_submit(db, report.id)
        reports.submit(
            db_session=db,
            actor=actor,
            report_id=report.id,
            data=SubmitIn(
                version=report.version, commitment=Commitment(signed_by="王经理", agree=True)
            ),
            resubmit=False,
        )
        return report.id
