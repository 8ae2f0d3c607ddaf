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
