"""PRC working-day calendar (法定节假日 and 调休 make-up days) kept as data, one YAML per year."""

from chujing.workdays.calendar import (
    CalendarError,
    WorkdayCalendar,
    add_working_days,
    default_calendar,
    is_working_day,
    working_days_between,
)

__all__ = [
    "CalendarError",
    "WorkdayCalendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "working_days_between",
]
