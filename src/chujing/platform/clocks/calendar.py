"""The working-day calendar as the platform uses it: dates beyond the shipped years are a
clear 422 naming the field, not a crash."""

from datetime import date

from chujing.platform.errors import Invalid
from chujing.workdays import CalendarError, add_working_days, working_days_between


def after_working_days(start: date, n: int, *, field: str) -> date:
    """The n-th working day after `start` (start not counted, 民法典 Art 201)."""
    try:
        return add_working_days(start, n)
    except CalendarError as exc:
        raise Invalid(f"工作日历未覆盖该日期：{exc}", field=field) from None


def working_days_from(a: date, b: date, *, field: str) -> int:
    """Working days in (a, b]."""
    try:
        return working_days_between(a, b)
    except CalendarError as exc:
        raise Invalid(f"工作日历未覆盖该日期：{exc}", field=field) from None
