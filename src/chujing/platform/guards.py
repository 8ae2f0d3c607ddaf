"""The caller as a route parameter, holding the permission the route requires.

`actor: UsersManage` in a route's signature answers 401/403 before the route runs unless
the caller may `Perm.users_manage`; the services check the same right again, with its scope.
"""

from typing import Annotated

from chujing.platform.deps import may
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal

AssessmentsRead = Annotated[Principal, may(Perm.assessments_read)]
AssessmentsRun = Annotated[Principal, may(Perm.assessments_run)]
AuditRead = Annotated[Principal, may(Perm.audit_read)]
BulletinsManage = Annotated[Principal, may(Perm.bulletins_manage)]
BulletinsRead = Annotated[Principal, may(Perm.bulletins_read)]
CasesRead = Annotated[Principal, may(Perm.cases_read)]
ConsultationsAnswer = Annotated[Principal, may(Perm.consultations_answer)]
ConsultationsAsk = Annotated[Principal, may(Perm.consultations_ask)]
ConsultationsRead = Annotated[Principal, may(Perm.consultations_read)]
ExpertsManage = Annotated[Principal, may(Perm.experts_manage)]
ExpertsRead = Annotated[Principal, may(Perm.experts_read)]
IncidentsManage = Annotated[Principal, may(Perm.incidents_manage)]
IncidentsRead = Annotated[Principal, may(Perm.incidents_read)]
IncidentsRectify = Annotated[Principal, may(Perm.incidents_rectify)]
IncidentsReport = Annotated[Principal, may(Perm.incidents_report)]
ListsComment = Annotated[Principal, may(Perm.lists_comment)]
ListsManage = Annotated[Principal, may(Perm.lists_manage)]
ListsRead = Annotated[Principal, may(Perm.lists_read)]
NoticesRead = Annotated[Principal, may(Perm.notices_read)]
OrdersRead = Annotated[Principal, may(Perm.orders_read)]
ProcessorsEdit = Annotated[Principal, may(Perm.processors_edit)]
ProcessorsRead = Annotated[Principal, may(Perm.processors_read)]
ProcessorsRegister = Annotated[Principal, may(Perm.processors_register)]
RecordsRead = Annotated[Principal, may(Perm.records_read)]
RecordsWrite = Annotated[Principal, may(Perm.records_write)]
ReferralsRead = Annotated[Principal, may(Perm.referrals_read)]
ReportsDraft = Annotated[Principal, may(Perm.reports_draft)]
ReportsRead = Annotated[Principal, may(Perm.reports_read)]
ResultsRead = Annotated[Principal, may(Perm.results_read)]
SketchesAttach = Annotated[Principal, may(Perm.sketches_attach)]
SupervisionManage = Annotated[Principal, may(Perm.supervision_manage)]
SupervisionRead = Annotated[Principal, may(Perm.supervision_read)]
SurveysAnswer = Annotated[Principal, may(Perm.surveys_answer)]
TallyRead = Annotated[Principal, may(Perm.tally_read)]
TokensOwn = Annotated[Principal, may(Perm.tokens_own)]
UsersManage = Annotated[Principal, may(Perm.users_manage)]
UsersRead = Annotated[Principal, may(Perm.users_read)]
ZoneReportsManage = Annotated[Principal, may(Perm.zone_reports_manage)]
ZoneReportsRead = Annotated[Principal, may(Perm.zone_reports_read)]
ZonesManage = Annotated[Principal, may(Perm.zones_manage)]
ZonesRead = Annotated[Principal, may(Perm.zones_read)]
