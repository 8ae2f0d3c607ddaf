"""The Chinese labels of states and kinds: one module (`chujing.labels`), a label for every
member, and the pages and documents reading the same words."""

from enum import StrEnum
from pathlib import Path

import pytest

from chujing import labels, web
from chujing.documents import halfyear as halfyear_document
from chujing.platform.cases.models import KIND_NAMES_ZH, CaseKind
from chujing.platform.filing.models import MaterialStatus
from chujing.platform.inbox.models import Category
from chujing.platform.listcycle import flows as list_flows
from chujing.platform.listcycle.models import Stage
from chujing.platform.orgs.models import ProcessorStatus
from chujing.platform.permissions import Role
from chujing.platform.records.models import IncidentKind, IncidentState
from chujing.platform.records.service import INCIDENT_TRANSITIONS
from chujing.platform.reports.models import STATE_NAMES_ZH, ReportState
from chujing.platform.supervision.models import InspectionState, OrderKind, OrderState
from chujing.platform.zonereports import service as zone_reports
from chujing.platform.zonereports.models import ZoneReportState
from chujing.web import draws, halfyear, inspections, postexport, processors

TEMPLATES = Path(web.__file__).parent / "templates"
LABELLED: list[tuple[type[StrEnum], dict[str, str]]] = [
    (ReportState, labels.REPORT_STATES),
    (IncidentState, labels.INCIDENT_STATES),
    (IncidentKind, labels.INCIDENT_KINDS),
    (OrderKind, labels.ORDER_KINDS),
    (OrderState, labels.ORDER_STATES),
    (ProcessorStatus, labels.PROCESSOR_STATUSES),
    (InspectionState, labels.INSPECTION_STATES),
    (ZoneReportState, labels.ZONE_REPORT_STATES),
    (CaseKind, labels.CASE_KINDS),
    (MaterialStatus, labels.MATERIAL_STATUSES),
    (Category, labels.INBOX_CATEGORIES),
    (Stage, labels.LIST_STAGES),
    (Role, labels.ROLE_NAMES),
]


@pytest.mark.parametrize(("enum", "names"), LABELLED, ids=lambda x: getattr(x, "__name__", ""))
def test_every_member_has_a_chinese_label_and_no_label_is_left_over(
    enum: type[StrEnum], names: dict[str, str]
) -> None:
    assert set(names) == {member.value for member in enum}
    assert all(names[member] for member in enum)  # a member looks its label up directly
    assert all(not text.isascii() for text in names.values())


def test_every_incident_move_has_a_label() -> None:
    assert set(labels.INCIDENT_ACTIONS) == set(INCIDENT_TRANSITIONS)


def test_the_domains_pages_and_documents_read_the_one_module() -> None:
    assert STATE_NAMES_ZH is labels.REPORT_STATES
    assert KIND_NAMES_ZH is labels.CASE_KINDS
    assert postexport.INCIDENT_STATES is labels.INCIDENT_STATES
    assert postexport.ORDER_KINDS is labels.ORDER_KINDS
    assert processors.ORDER_KINDS is labels.ORDER_KINDS
    assert processors.PROCESSOR_STATUS is labels.PROCESSOR_STATUSES
    assert draws.RISK_NAMES is labels.RISK_LEVELS
    assert inspections.RESULT_NAMES is labels.INSPECTION_STATES
    assert inspections.RESULT_CODES is labels.INSPECTION_RESULTS
    for template in ("zone/inspections.html", "enterprise/inbox.html"):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        assert "order_states.get(o.state" in text
        assert "执行中" not in text  # the label is not written in the template
    assert halfyear.STATES is labels.ZONE_REPORT_STATES
    assert halfyear_document.ORDER_NAMES is labels.ORDER_KINDS
    assert halfyear_document.STATUS_NAMES is labels.PROCESSOR_STATUSES
    assert labels.INSPECTION_RESULTS.items() <= halfyear_document.RESULT_NAMES.items()


def test_every_list_stage_move_has_a_name() -> None:
    assert set(list_flows.TRANSITIONS) == set(labels.LIST_STAGE_ACTIONS)


def test_every_zone_report_and_incident_move_has_a_name() -> None:
    assert set(zone_reports.TRANSITIONS) == set(labels.ZONE_REPORT_ACTIONS)
    assert set(INCIDENT_TRANSITIONS) == set(labels.INCIDENT_ACTIONS)
