"""The PRC working-day calendar: public holidays and 调休 make-up days read from data.

A day is a working day when it is a make-up working day (调休上班), or a Monday to Friday that
is not inside a holiday period. Periods count from the day after the start (民法典第二百零一条).
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError

from chujing.workdays.models import YearData


class CalendarError(ValueError):
    """A date outside the years the calendar covers, or a broken data file."""


_SHANGHAI = ZoneInfo("Asia/Shanghai")


def _plain(day: date) -> date:
    """The calendar date in Asia/Shanghai (an aware datetime is converted first)."""
    if isinstance(day, datetime) and day.tzinfo is not None:
        day = day.astimezone(_SHANGHAI)
    # A datetime would never compare equal to the dates of the data sets.
    return date(day.year, day.month, day.day)


class WorkdayCalendar:
    """Working days for the years of `YearData`; any other year raises `CalendarError`."""

    def __init__(self, years: Iterable[YearData]) -> None:
        self._years: dict[int, YearData] = {}
        self._rest: set[date] = set()
        self._work: set[date] = set()
        for data in years:
            if data.year in self._years:
                raise CalendarError(f"工作日历年份重复：{data.year}")
            self._years[data.year] = data
            for holiday in data.holidays:
                self._rest.update(holiday.days())
            self._work.update(m.date for m in data.makeup_workdays)
        if not self._years:
            raise CalendarError("工作日历没有任何年份的数据")
        ordered = sorted(self._years)
        if ordered != list(range(ordered[0], ordered[-1] + 1)):
            raise CalendarError(f"工作日历年份不连续：{ordered}")
        self.first_year = ordered[0]
        self.last_year = ordered[-1]

    def year_data(self, year: int) -> YearData:
        """The data of one covered year."""
        try:
            return self._years[year]
        except KeyError:
            raise CalendarError(
                f"工作日历仅覆盖 {self.first_year}–{self.last_year} 年，无法计算 {year} 年的日期"
            ) from None

    def is_provisional(self, day: date) -> bool:
        """True when `day`'s year still lacks the official holiday arrangement."""
        return self.year_data(day.year).status == "provisional"

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day (工作日)."""
        day = _plain(day)
        self.year_data(day.year)
        if day in self._work:
            return True
        if day in self._rest:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (before it when n < 0); `start` is not counted."""
        day = _plain(start)
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: 0 when equal, negative when b is before a."""
        a, b = _plain(a), _plain(b)
        if b < a:
            return -self.working_days_between(b, a)
        self.year_data(a.year)
        self.year_data(b.year)
        return sum(
            1 for i in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(days=i))
        )


def _load_year(name: str, text: str) -> YearData:
    try:
        return YearData.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise CalendarError(f"工作日历数据文件 {name} 无效：{exc}") from exc


@cache
def default_calendar() -> WorkdayCalendar:
    """The calendar shipped in `chujing/workdays/data/` (one YAML file per year)."""
    folder = resources.files("chujing.workdays") / "data"
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )
    return WorkdayCalendar(_load_year(f.name, f.read_text(encoding="utf-8")) for f in files)


def is_working_day(day: date | datetime) -> bool:
    """Whether `day` is a working day on the shipped calendar."""
    return default_calendar().is_working_day(day)


def add_working_days(start: date | datetime, n: int) -> date:
    """The n-th working day after `start` on the shipped calendar (start not counted)."""
    return default_calendar().add_working_days(start, n)


def working_days_between(a: date | datetime, b: date | datetime) -> int:
    """Working days in (a, b] on the shipped calendar."""
    return default_calendar().working_days_between(a, b)
