"""Every domain's deadlines, registered with the clocks (as `platform.models` gathers every
table). Importing this module loads each domain's provider and completes the registry; the
API's routers, the CLI's `clocks` commands and the clocks job import it."""

from chujing.platform.clocks import registry
from chujing.platform.consultations import deadlines as consultations
from chujing.platform.listcycle import deadlines as listcycle
from chujing.platform.records import deadlines as records
from chujing.platform.supervision import deadlines as supervision
from chujing.platform.zonereports import deadlines as zonereports

registry.complete()

__all__ = ["consultations", "listcycle", "records", "supervision", "zonereports"]
