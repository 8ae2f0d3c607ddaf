"""Every table of the platform, imported so that metadata and migrations see them all."""

from chujing.platform.accounts import models as accounts
from chujing.platform.assessments import models as assessments
from chujing.platform.audit import models as audit
from chujing.platform.cases import models as cases
from chujing.platform.clocks import models as clocks
from chujing.platform.consultations import models as consultations
from chujing.platform.db import Base
from chujing.platform.filing import models as filing
from chujing.platform.inbox import models as inbox
from chujing.platform.jobs import models as jobs
from chujing.platform.listcycle import models as listcycle
from chujing.platform.orgs import models as orgs
from chujing.platform.records import models as records
from chujing.platform.reports import models as reports
from chujing.platform.supervision import models as supervision
from chujing.platform.tally import models as tally
from chujing.platform.zonereports import models as zonereports

metadata = Base.metadata

__all__ = [
    "accounts",
    "assessments",
    "audit",
    "cases",
    "clocks",
    "consultations",
    "filing",
    "inbox",
    "jobs",
    "listcycle",
    "metadata",
    "orgs",
    "records",
    "reports",
    "supervision",
    "tally",
    "zonereports",
]
