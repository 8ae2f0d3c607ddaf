"""Calendar time of the law: dates and years are counted in Asia/Shanghai."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today's date in Asia/Shanghai."""
    return datetime.now(SHANGHAI).date()


def local_date(instant: datetime) -> date:
    """The Asia/Shanghai date of an instant."""
    return instant.astimezone(SHANGHAI).date()


def now_local() -> datetime:
    """The current instant in Asia/Shanghai."""
    return datetime.now(SHANGHAI)
