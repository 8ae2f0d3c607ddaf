"""Every table of the platform, imported so that metadata and migrations see them all."""

from chujing.platform.accounts import models as accounts
from chujing.platform.audit import models as audit
from chujing.platform.db import Base
from chujing.platform.orgs import models as orgs

metadata = Base.metadata

__all__ = ["accounts", "audit", "metadata", "orgs"]
