"""Half-year periods (e.g. 2026H1) and the day a zone's report on one is due."""

from datetime import date

from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.clocks.schedule import schedule


def bounds(period: str) -> tuple[date, date]:
    """First and last day of a half-year `YYYYH1` / `YYYYH2`."""
    year, half = int(period[:4]), period[5]
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


def due(period: str) -> date:
    """The report is due a set number of working days after the half-year ends."""
    end = bounds(period)[1]
    return after_working_days(end, schedule().zone_report_due_working_days, field="period")


def last_ended(on: date) -> str:
    """The most recent half-year that has ended by `on`."""
    return f"{on.year - 1}H2" if on.month <= 6 else f"{on.year}H1"


def current(on: date) -> str:
    """The half-year `on` falls in (still running)."""
    return f"{on.year}H{1 if on.month <= 6 else 2}"


def offered(on: date, count: int = 5) -> list[str]:
    """The periods a zone may compile, newest first: the running half-year (its figures so
    far) and the last ones that have ended."""
    found = [current(on)]
    while len(found) < count:
        year, half = int(found[-1][:4]), found[-1][5]
        found.append(f"{year}H1" if half == "2" else f"{year - 1}H2")
    return found


def overdue(state: str, due_on: date, on: date) -> bool:
    """Not yet sent to the city although its due day has passed (逾期)."""
    return state != "submitted" and on > due_on
