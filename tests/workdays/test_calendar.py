"""The shipped working-day calendar on the holiday boundaries of the official notices."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chujing.workdays import (
    CalendarError,
    WorkdayCalendar,
    add_working_days,
    default_calendar,
    is_working_day,
    working_days_between,
)
from chujing.workdays.models import YearData


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024 (国办发明电〔2023〕7号)
        ("2024-01-01", False),
        ("2024-02-04", True),  # Sunday, make-up
        ("2024-02-09", True),  # 除夕 only encouraged as a rest day
        ("2024-02-10", False),
        ("2024-02-17", False),
        ("2024-02-18", True),  # Sunday, make-up
        ("2024-04-07", True),
        ("2024-05-11", True),
        ("2024-06-10", False),
        ("2024-09-14", True),
        ("2024-09-17", False),
        ("2024-10-07", False),
        ("2024-10-08", True),
        ("2024-10-12", True),
        # 2025 (国办发明电〔2024〕12号)
        ("2025-01-01", False),
        ("2025-01-02", True),
        ("2025-01-26", True),  # Sunday, make-up
        ("2025-01-27", True),
        ("2025-01-28", False),  # 除夕
        ("2025-02-04", False),
        ("2025-02-05", True),
        ("2025-02-08", True),  # Saturday, make-up
        ("2025-02-09", False),
        ("2025-04-03", True),
        ("2025-04-04", False),
        ("2025-04-06", False),
        ("2025-04-07", True),
        ("2025-04-27", True),  # Sunday, make-up
        ("2025-05-01", False),
        ("2025-05-05", False),
        ("2025-05-06", True),
        ("2025-05-30", True),
        ("2025-06-02", False),
        ("2025-06-03", True),
        ("2025-09-28", True),  # Sunday, make-up
        ("2025-09-30", True),
        ("2025-10-01", False),
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-10-11", True),  # Saturday, make-up
        ("2025-10-12", False),
        # 2026 (国办发明电〔2025〕7号)
        ("2026-01-02", False),
        ("2026-01-04", True),  # Sunday, make-up
        ("2026-02-14", True),
        ("2026-02-23", False),
        ("2026-02-24", True),
        ("2026-02-28", True),
        ("2026-05-05", False),
        ("2026-05-09", True),
        ("2026-06-19", False),
        ("2026-09-20", True),
        ("2026-09-25", False),
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),
        # ordinary days
        ("2025-03-15", False),  # Saturday
        ("2025-03-17", True),  # Monday
        # 2027: provisional, statutory holidays only
        ("2027-01-01", False),
        ("2027-02-05", False),  # 除夕, Friday
        ("2027-02-08", False),  # 初三, Monday
        ("2027-02-09", True),
        ("2027-05-03", True),  # no 调休 known yet
        ("2027-06-09", False),
        ("2027-10-01", False),
        ("2027-10-04", True),
    ],
)
def test_known_days(day: str, working: bool) -> None:
    assert is_working_day(date.fromisoformat(day)) is working


def test_datetime_is_treated_as_its_date() -> None:
    assert is_working_day(datetime(2025, 10, 1, 9, 30)) is False


def test_aware_datetime_is_read_in_shanghai_time() -> None:
    # 2025-09-30 17:00 UTC is already 2025-10-01 01:00 in Shanghai (a holiday).
    assert is_working_day(datetime(2025, 9, 30, 17, 0, tzinfo=UTC)) is False
    assert is_working_day(datetime(2025, 9, 30, 15, 0, tzinfo=UTC)) is True


def test_provisional_year_is_marked() -> None:
    cal = default_calendar()
    assert cal.is_provisional(date(2027, 3, 1))
    assert not cal.is_provisional(date(2026, 3, 1))


def test_every_year_names_its_source() -> None:
    cal = default_calendar()
    numbers = {y: cal.year_data(y).source.number for y in range(2024, 2027)}
    assert numbers == {
        2024: "国办发明电〔2023〕7号",
        2025: "国办发明电〔2024〕12号",
        2026: "国办发明电〔2025〕7号",
    }


def test_2025_counts() -> None:
    cal = default_calendar()
    data = cal.year_data(2025)
    rest_days = sum(len(h.days()) for h in data.holidays)
    assert rest_days == 28
    assert len(data.makeup_workdays) == 5
    # 261 weekdays - 18 weekday holiday days + 5 make-up days
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248


def test_start_day_not_counted() -> None:
    # 2025-09-26 is a Friday; next working days: 9/28 (Sun make-up), 9/29, 9/30, then 10/9.
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)
    assert add_working_days(date(2025, 9, 26), 4) == date(2025, 10, 9)


def test_period_across_spring_festival() -> None:
    # 5 working days from 2025-01-24 (Fri): 1/26 (Sun make-up), 1/27, 2/5, 2/6, 2/7.
    assert add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)


def test_twenty_working_days_across_national_day_2026() -> None:
    # 9/20 (Sun make-up), 9/21-24, 9/28-30, 10/8, 10/9, 10/10 (Sat make-up), 10/12-16, 10/19-22
    start = date(2026, 9, 18)  # Friday
    end = add_working_days(start, 20)
    assert end == date(2026, 10, 22)
    assert working_days_between(start, end) == 20


def test_zero_and_negative() -> None:
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)
    assert add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert working_days_between(date(2025, 5, 1), date(2025, 5, 1)) == 0


def test_across_years() -> None:
    # 2024-12-31 (Tue) + 1 working day: 2025-01-01 is a holiday, so 2025-01-02.
    assert add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)


@pytest.mark.parametrize("day", [date(2023, 12, 29), date(2028, 1, 3)])
def test_outside_covered_years(day: date) -> None:
    with pytest.raises(CalendarError, match="2024–2027"):
        is_working_day(day)


def test_running_off_the_end_raises() -> None:
    with pytest.raises(CalendarError):
        add_working_days(date(2027, 12, 20), 30)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=0, max_value=120),
)
def test_add_and_between_are_inverse(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


def _year(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "year": 2030,
        "status": "official",
        "source": {
            "title": "t",
            "number": "n",
            "issued": "2029-11-01",
            "url": "u",
            "checked_against": "c",
        },
        "holidays": [{"name": "元旦", "first": "2030-01-01", "last": "2030-01-01", "clause": "一"}],
        "makeup_workdays": [],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"makeup_workdays": [{"date": "2030-01-07", "holiday": "x", "clause": "一"}]}, "Saturday"),
        ({"makeup_workdays": [{"date": "2030-01-01", "holiday": "x", "clause": "一"}]}, "Saturday"),
        (
            {
                "holidays": [
                    {"name": "a", "first": "2030-01-03", "last": "2030-01-01", "clause": "一"}
                ]
            },
            "before",
        ),
        (
            {
                "status": "provisional",
                "makeup_workdays": [{"date": "2030-01-05", "holiday": "x", "clause": "一"}],
            },
            "provisional",
        ),
        (
            {
                "holidays": [
                    {"name": "a", "first": "2030-12-31", "last": "2031-01-01", "clause": "一"}
                ]
            },
            "outside",
        ),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_bad_year_data_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        YearData.model_validate(_year(**changes))


def test_saturday_make_up_day_is_accepted() -> None:
    data = YearData.model_validate(
        _year(makeup_workdays=[{"date": "2030-01-05", "holiday": "元旦", "clause": "一"}])
    )
    assert WorkdayCalendar([data]).is_working_day(date(2030, 1, 5))


def test_years_must_be_contiguous() -> None:
    y2030 = YearData.model_validate(_year())
    y2032 = YearData.model_validate(
        _year(
            year=2032,
            holidays=[
                {"name": "元旦", "first": "2032-01-01", "last": "2032-01-01", "clause": "一"}
            ],
        )
    )
    with pytest.raises(CalendarError, match="不连续"):
        WorkdayCalendar([y2030, y2032])
