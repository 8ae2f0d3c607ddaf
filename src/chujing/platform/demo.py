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
from chujing.synth import values

PASSWORD = DEMO_PASSWORD
SEED = 2026

# username -> (role, binding kind, binding key, display name)
USERS: list[tuple[str, Role, str | None, str | None, str]] = [
    ("qiye-jingban", Role.processor_user, "processor", "lj-icv", "企业经办人"),
    ("qiye-admin", Role.processor_admin, "processor", "lj-icv", "企业管理员"),
    ("xiyong-qiye-admin", Role.processor_admin, "processor", "xy-logistics", "西永企业管理员"),
    ("liangjiang-officer", Role.zone_officer, "zone", "liangjiang", "两江板块工作人员"),
    ("xiyong-officer", Role.zone_officer, "zone", "xiyong", "西永板块工作人员"),
    ("city-officer", Role.municipal_officer, "department", "cac", "市网信办工作人员"),
    ("police-liaison", Role.security_liaison, "department", "police", "市公安局联络员"),
    ("expert-reviewer", Role.expert, None, None, "评审专家"),
    ("auditor", Role.auditor, None, None, "安全审计员"),
    ("sysadmin", Role.system_admin, None, None, "系统管理员"),
]
# key -> (zone, sector)
PROCESSORS = {
    "lj-icv": ("liangjiang", "智能网联汽车"),
    "lj-icv-2": ("liangjiang", "智能网联汽车"),
    "lj-health": ("liangjiang", "医疗健康"),
    "xy-logistics": ("xiyong", "跨境物流"),
    "xy-icv": ("xiyong", "智能网联汽车"),
}


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
    for username, role, _, _, label in USERS:
        logins.lines.append(f"{ROLE_NAMES_ZH[role]:<12} {username:<20} {label}")
    return logins


def _acting(db: Session, username: str) -> Principal:
    user = db.scalar(select(User).where(User.username == username))
    assert user is not None
    return accounts.principal_for(db, user, address="demo")


def _seed(db: Session, settings: Settings) -> None:
    rng = random.Random(SEED)
    cli = cli_principal()
    processors: dict[str, Processor] = {}
    for key, (zone_code, sector) in PROCESSORS.items():
        zone = orgs.zone_by_code(db_session=db, code=zone_code)
        processors[key] = orgs.register_processor(
            db_session=db,
            actor=cli,
            data=ProcessorIn(
                uscc=values.uscc(rng),
                name=values.company_name(rng),
                zone_id=zone.id,
                sector=sector,
                contact_name=values.name(rng),
                contact_phone=values.mobile(rng),
            ),
        )
    for username, role, kind, target, label in USERS:
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
    _seed_activity(db, settings, processors)
    seed_regulators_demo(db, settings)


def _report(
    db: Session, clerk: Principal, admin: Principal, title: str, persons: int, day: date, **kw: Any
) -> int:
    data = ReportIn(
        title=title,
        scenario=kw.get("scenario", "ICV-AS-01"),
        scenario_name=kw.get("scenario_name", "全球售后维修与客户服务"),
        categories=[
            kw.get("category")
            or DataCategory(category=16, name="车主信息", fields=["姓名", "手机号", "车辆识别代号"])
        ],
        persons=persons,
        recipients=[Recipient(name=kw.get("recipient", "Example Service GmbH"), country="DE")],
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


def _seed_activity(db: Session, settings: Settings, processors: dict[str, Processor]) -> None:
    clerk, admin = _acting(db, "qiye-jingban"), _acting(db, "qiye-admin")
    zone = _acting(db, "liangjiang-officer")
    today = clock.today()
    plan = {
        "date": today.isoformat(),
        "processor": {"name": processors["lj-icv"].name, "ftz": "registered"},
        "scenario": "ICV-AS-01",
        "persons": 120000,
        "items": [
            {
                "name": "车主联系信息",
                "category": 16,
                "fields": ["姓名", "手机号"],
                "pi": "personal",
            }
        ],
        "recipients": [{"name": "Example Service GmbH", "country": "DE"}],
    }
    assessment = assessments.run(
        db_session=db,
        actor=clerk,
        processor_id=processors["lj-icv"].id,
        plan=plan,
        title="售后服务车主信息出境",
    )
    accepted = _report(
        db,
        clerk,
        admin,
        "一季度售后服务数据出境",
        40000,
        today - timedelta(days=60),
        assessment_id=assessment.id,
    )
    report = reports.get(db_session=db, actor=zone, report_id=accepted)
    reports.accept(
        db_session=db, actor=zone, report_id=accepted, data=AcceptIn(version=report.version)
    )
    returned = _report(
        db, clerk, admin, "二季度售后服务数据出境", 45000, today - timedelta(days=20)
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
    _report(db, clerk, admin, "三季度售后服务数据出境", 30000, today - timedelta(days=5))
    _report(
        db,
        clerk,
        admin,
        "研发人员信息出境（草稿）",
        200,
        today,
        draft=True,
        scenario="ICV-RD-01",
        scenario_name="全球研发协同与自动驾驶算法训练",
    )
    xiyong_admin = _acting(db, "xiyong-qiye-admin")
    _report(
        db,
        xiyong_admin,
        xiyong_admin,
        "跨境物流收件人信息出境",
        8000,
        today - timedelta(days=10),
        scenario="",
        scenario_name="跨境寄递",
        recipient="Example Logistics Pte. Ltd.",
        category=DataCategory(category=26, name="收件人信息", fields=["姓名", "手机号", "地址"]),
    )
    records.add_record(
        db_session=db,
        actor=clerk,
        data=RecordIn(
            report_id=accepted,
            occurred_on=today - timedelta(days=30),
            activity="境外经销商按售后服务目的处理车主信息",
            recipient="Example Service GmbH",
            purpose="售后维修",
            data_categories=["车主信息"],
        ),
    )
    records.report_incident(
        db_session=db,
        actor=clerk,
        data=IncidentIn(
            title="境外经销商账号口令泄露",
            description="境外经销商一名员工账号口令泄露，已冻结。",
            measures="已暂停传输、更换密钥并通知境外接收方排查。",
            occurred_at=clock.now_local() - timedelta(days=3),
        ),
    )
    asked = consultations.ask(
        db_session=db,
        actor=clerk,
        data=ConsultationIn(
            subject="售后服务场景的车主信息是否在清单内",
            question="向德国经销商提供车主姓名、手机号用于维修预约，每年约五万人，是否需要申报？",
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
            answer="车主信息条目设有50万人的门槛，本年度累计未达到门槛的，免予申报，但须向板块报告出境情况。",
        ),
    )
    consultations.publish(
        db_session=db,
        actor=zone,
        consultation_id=asked.id,
        data=PublishIn(version=answered.version),
    )
    _inspection(db, processors["lj-icv"].id)


def _inspection(db: Session, processor_id: int) -> None:
    """An inspection of the first processor by two zone inspectors (supervision domain)."""
    from chujing.platform.supervision import directory, inspections, items
    from chujing.platform.supervision.models import InspectionIn, InspectorIn

    cli = cli_principal()
    rng = random.Random(SEED + 1)
    codes = []
    for n in (1, 2):
        code = f"lj-inspector-{n}"
        directory.add_inspector(
            db_session=db,
            actor=cli,
            data=InspectorIn(
                code=code, name=values.name(rng), department="commerce", zone="liangjiang"
            ),
        )
        codes.append(code)
    item = items.inspection_items().items[0].code
    inspections.create(
        db_session=db,
        actor=cli,
        data=InspectionIn(processor_id=processor_id, item=item, inspectors=codes),
    )
