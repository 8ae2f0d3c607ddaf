"""Every domain's router, assembled under /api/v1."""

from fastapi import APIRouter

from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
from chujing.platform.accounts.api import router as accounts
from chujing.platform.assessments.api import router as assessments
from chujing.platform.audit.api import router as audit
from chujing.platform.cases.api import router as cases
from chujing.platform.clocks.api import router as clocks
from chujing.platform.consultations.api import router as consultations
from chujing.platform.filing.api import router as filing
from chujing.platform.inbox.api import router as inbox
from chujing.platform.listcycle.api import router as listcycle
from chujing.platform.orgs.api import router as orgs
from chujing.platform.records.api import router as records
from chujing.platform.reports.api import router as reports
from chujing.platform.supervision.api import router as supervision
from chujing.platform.tally.api import router as tally
from chujing.platform.zonereports.api import router as zonereports

api_router = APIRouter()


@api_router.get("/health", tags=["系统"])
def health() -> dict[str, str]:
    """存活检查（无需登录）。"""
    return {"status": "ok"}


for _router in (accounts, orgs, assessments, reports, tally, records, consultations, audit):
    api_router.include_router(_router)
# regulators' cycle (issue 5)
for _router in (listcycle, supervision, zonereports, clocks):
    api_router.include_router(_router)
# filing documents (issue 14)
api_router.include_router(filing)
# cases (办件), their receipts and the notification centre (issue 11)
for _router in (cases, inbox):
    api_router.include_router(_router)
