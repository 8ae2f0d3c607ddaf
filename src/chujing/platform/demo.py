"""`chujing serve --demo`: a demonstration FTZ with every role, processors, reports and more.

Idempotent: a second run finds the demo administrator and only prints the logins.
All people and companies are synthetic (`chujing.synth`, fixed seed).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import User, UserIn
from chujing.platform.assessments import service as assessments
from chujing.platform.audit.keys import ensure_key_file
from chujing.platform.consultations import service as consultations
from chujing.platform.consultations.models import AnswerIn, ConsultationIn, PublishIn
from chujing.platform.db import Database
from chujing.platform.demo_regulators import seed_regulators_demo
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor, ProcessorIn
from chujing.platform.permissions import ROLE_NAMES_ZH, Role
from chujing.platform.principal import Principal, cli_principal
from chujing.platform.records import service as records
from chujing.platform.records.models import IncidentIn, RecordIn
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import (
    AcceptIn,
    Commitment,
    DataCategory,
    Deficiency,
    Recipient,
    ReportIn,
    ReturnIn,
    SubmitIn,
)
from chujing.platform.security import DEMO_PASSWORD
from chujing.platform.settings import Settings
from chujing.platform.tally import service as tally
from chujing.rules.packs import HOME, DemoExport, Pack, current_pack, load_pack
from chujing.synth import values

PASSWORD = DEMO_PASSWORD
SEED = 2026

DemoUser = tuple[str, Role, str | None, str | None, str]


def demo_users(pack: Pack) -> list[DemoUser]:
    """(username, role, binding kind, binding key, display name) of every demo login, in the
    pack's own zones and authorities: the first demo processor's clerk and administrator, the
    administrator of the first one in another zone, an officer of each of those two zones,
    the supervising bureau's officer, the first security bureau's liaison, and the rest."""
    first = pack.demo[0]
    second = next(o for o in pack.demo if o.zone != first.zone)
    zones = {z.code: z for z in pack.zones}
    city = pack.supervisor()
    security = next(a for a in pack.authorities if a.kind == "security")
    return [
        ("qiye-jingban", Role.processor_user, "processor", first.key, "企业经办人"),
        ("qiye-admin", Role.processor_admin, "processor", first.key, "企业管理员"),
        (
            f"{second.zone}-qiye-admin",
            Role.processor_admin,
            "processor",
            second.key,
            f"{zones[second.zone].name}企业管理员",
        ),
        *(
            (f"{code}-officer", Role.zone_officer, "zone", code, f"{zones[code].name}工作人员")
            for code in (first.zone, second.zone)
        ),
        (
            "city-officer",
            Role.municipal_officer,
            "department",
            city.code,
            f"{city.short_name}工作人员",
        ),
        (
            "police-liaison",
            Role.security_liaison,
            "department",
            security.code,
            f"{security.short_name}联络员",
        ),
        ("expert-reviewer", Role.expert, None, None, "评审专家"),
        ("auditor", Role.auditor, None, None, "安全审计员"),
        ("sysadmin", Role.system_admin, None, None, "系统管理员"),
    ]


USERS = demo_users(load_pack(HOME))  # the home pack's logins (the served pack's: demo_users)


@dataclass
class DemoLogins:
    """What `chujing serve --demo` prints."""

    password: str
    lines: list[str] = field(default_factory=list)


def seed_demo(settings: Settings) -> DemoLogins:
    """Seed the demonstration data once; return the logins to print."""
    ensure_key_file(settings)
    database = Database(settings.database_url)
    try:
        with database.transaction() as db:
            if db.scalar(select(User.id).where(User.username == "sysadmin")) is None:
                _seed(db, settings.model_copy(update={"demo": True}))
            return _logins(db)
    finally:
        database.dispose()


def _logins(db: Session) -> DemoLogins:
    logins = DemoLogins(password=PASSWORD)
    for username, role, _, _, label in demo_users(current_pack()):
        logins.lines.append(f"{ROLE_NAMES_ZH[role]:<12} {username:<20} {label}")
    return logins


def _acting(db: Session, username: str) -> Principal:
    user = db.scalar(select(User).where(User.username == username))
    assert user is not None
    return accounts.principal_for(db, user, address="demo")


def _seed(db: Session, settings: Settings) -> None:
    rng = random.Random(SEED)
    cli = cli_principal()
    pack = current_pack()
    processors: dict[str, Processor] = {}
    for org in pack.demo:
        zone = orgs.zone_by_code(db_session=db, code=org.zone)
        processors[org.key] = orgs.register_processor(
            db_session=db,
            actor=cli,
            data=ProcessorIn(
                uscc=org.uscc,
                name=org.name,
                zone_id=zone.id,
                sector=org.sector,
                contact_name=values.name(rng),
                contact_phone=values.mobile(rng),
            ),
        )
    for username, role, kind, target, label in demo_users(pack):
        binding: dict[str, Any] = {}
        if kind == "processor" and target:
            binding["processor_id"] = processors[target].id
        elif kind == "zone" and target:
            binding["zone_id"] = orgs.zone_by_code(db_session=db, code=target).id
        elif kind == "department" and target:
            binding["department_id"] = orgs.department_by_code(db_session=db, code=target).id
        accounts.create_user(
            db_session=db,
            actor=cli,
            data=UserIn(
                username=username, display_name=label, role=role, password=PASSWORD, **binding
            ),
            settings=settings,
        )
    _seed_activity(db, settings, pack, processors)
    seed_regulators_demo(db, settings)


def _category(export: DemoExport) -> DataCategory:
    return DataCategory(
        category=export.category, name=export.category_name, fields=list(export.fields)
    )


def _report(
    db: Session,
    clerk: Principal,
    admin: Principal,
    title: str,
    persons: int,
    day: date,
    export: DemoExport,
    **kw: Any,
) -> int:
    data = ReportIn(
        title=title,
        scenario=export.scenario,
        scenario_name=export.scenario_name,
        categories=[_category(export)],
        persons=persons,
        recipients=[Recipient(name=export.recipient, country=export.country)],
        export_date=day,
        assessment_id=kw.get("assessment_id"),
    )
    report = reports.create(db_session=db, actor=clerk, data=data)
    if kw.get("draft"):
        return report.id
    commitment = Commitment(signed_by=admin.username, agree=True)
    reports.submit(
        db_session=db,
        actor=admin,
        report_id=report.id,
        # the demo's quarterly report departs from its yearly assessment: signed knowingly,
        # so the zone sees the difference on the report's page
        data=SubmitIn(
            version=report.version,
            commitment=commitment,
            acknowledge_differences=kw.get("assessment_id") is not None,
        ),
        resubmit=False,
    )
    return report.id


def _seed_activity(
    db: Session, settings: Settings, pack: Pack, processors: dict[str, Processor]
) -> None:
    users = demo_users(pack)
    main, other = pack.demo_exports[0], pack.demo_exports[-1]
    first = pack.demo[0]
    zone_kind = next(z.kind for z in pack.zones if z.code == first.zone)
    clerk, admin = _acting(db, "qiye-jingban"), _acting(db, "qiye-admin")
    zone = _acting(db, f"{first.zone}-officer")
    today = clock.today()
    plan = {
        "date": today.isoformat(),
        "processor": {
            "name": processors[first.key].name,
            "ftz": "registered",
            "zone": first.zone,
            "sector": first.sector,
        },
        "scenario": main.scenario,
        "persons": 120000,
        "items": [
            {
                "name": main.category_name,
                "category": main.category,
                "fields": list(main.fields[:2]),
                "pi": "personal",
            }
        ],
        "recipients": [{"name": main.recipient, "country": main.country}],
    }
    assessment = assessments.run(
        db_session=db,
        actor=clerk,
        processor_id=processors[first.key].id,
        plan=plan,
        year_to_date=tally.year_to_date,
        title=f"{main.scenario_name}数据出境",
    )
    accepted = _report(
        db,
        clerk,
        admin,
        "一季度数据出境情况",
        40000,
        today - timedelta(days=60),
        main,
        assessment_id=assessment.id,
    )
    report = reports.get(db_session=db, actor=zone, report_id=accepted)
    reports.accept(
        db_session=db, actor=zone, report_id=accepted, data=AcceptIn(version=report.version)
    )
    returned = _report(
        db, clerk, admin, "二季度数据出境情况", 45000, today - timedelta(days=20), main
    )
    report = reports.get(db_session=db, actor=zone, report_id=returned)
    reports.return_(
        db_session=db,
        actor=zone,
        report_id=returned,
        data=ReturnIn(
            version=report.version,
            deficiencies=[
                Deficiency(field="recipients[0]", problem="请补充境外接收方的联系方式与所在地址"),
                Deficiency(field="categories[0].fields", problem="出境字段与所依据的评估不一致"),
            ],
        ),
    )
    _report(db, clerk, admin, "三季度数据出境情况", 30000, today - timedelta(days=5), main)
    _report(db, clerk, admin, "研发人员信息出境（草稿）", 200, today, main, draft=True)
    second_admin = _acting(db, users[2][0])
    _report(
        db,
        second_admin,
        second_admin,
        f"{other.scenario_name}数据出境情况",
        8000,
        today - timedelta(days=10),
        other,
    )
    records.add_record(
        db_session=db,
        actor=clerk,
        data=RecordIn(
            report_id=accepted,
            occurred_on=today - timedelta(days=30),
            activity=f"境外接收方按{main.scenario_name}目的处理{main.category_name}",
            recipient=main.recipient,
            purpose=main.scenario_name,
            data_categories=[main.category_name],
        ),
    )
    records.report_incident(
        db_session=db,
        actor=clerk,
        data=IncidentIn(
            title="境外接收方账号口令泄露",
            description="境外接收方一名员工账号口令泄露，已冻结。",
            measures="已暂停传输、更换密钥并通知境外接收方排查。",
            occurred_at=clock.now_local() - timedelta(days=3),
        ),
    )
    asked = consultations.ask(
        db_session=db,
        actor=clerk,
        data=ConsultationIn(
            subject=f"{main.scenario_name}场景的{main.category_name}是否在清单内",
            question=f"向{main.recipient}提供{main.category_name}（{'、'.join(main.fields)}），"
            "每年约五万人，是否需要申报？",
            assessment_id=assessment.id,
        ),
        working_days=settings.consultation_answer_working_days,
    )
    answered = consultations.answer(
        db_session=db,
        actor=zone,
        consultation_id=asked.id,
        data=AnswerIn(
            version=asked.version,
            answer=f"清单条目设有人数门槛的，本年度累计未达到门槛即免予申报，"
            f"但须向所在{zone_kind}报告出境情况；具体以平台评估结论为准。",
        ),
    )
    consultations.publish(
        db_session=db,
        actor=zone,
        consultation_id=asked.id,
        data=PublishIn(version=answered.version),
    )
    _inspection(db, pack, processors[first.key].id, first.zone)


def _inspection(db: Session, pack: Pack, processor_id: int, zone: str) -> None:
    """An inspection of the first processor by two zone inspectors of a coordinating bureau
    (the second the pack names, else the first) (supervision domain)."""
    from chujing.platform.supervision import directory, inspections, items
    from chujing.platform.supervision.models import InspectionIn, InspectorIn

    cli = cli_principal()
    rng = random.Random(SEED + 1)
    bureaus = [a.code for a in pack.authorities if a.kind == "coordinating"]
    department = bureaus[1] if len(bureaus) > 1 else bureaus[0]
    codes = []
    for n in (1, 2):
        code = f"{zone}-inspector-{n}"
        directory.add_inspector(
            db_session=db,
            actor=cli,
            data=InspectorIn(code=code, name=values.name(rng), department=department, zone=zone),
        )
        codes.append(code)
    item = items.inspection_items().items[0].code
    inspections.create(
        db_session=db,
        actor=cli,
        data=InspectionIn(processor_id=processor_id, item=item, inspectors=codes),
    )
