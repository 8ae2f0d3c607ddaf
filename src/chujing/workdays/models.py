"""Pydantic models of one year's working-day data file (`data/YYYY.yaml`)."""

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """The instrument a year's data comes from (a State Council notice, or the 放假办法)."""

    title: str = Field(min_length=1)
    number: str = Field(min_length=1)
    issued: date
    url: str = Field(min_length=1)
    checked_against: str = Field(min_length=1)


class Holiday(_Strict):
    """One holiday period (放假): every day from `first` to `last` inclusive is a rest day."""

    name: str = Field(min_length=1)
    first: date
    last: date
    clause: str = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Holiday":
        if self.last < self.first:
            raise ValueError(f"{self.name}: last ({self.last}) is before first ({self.first})")
        return self

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


class MakeupWorkday(_Strict):
    """A Saturday or Sunday that is a working day (调休上班)."""

    date: date
    holiday: str = Field(min_length=1)
    clause: str = Field(min_length=1)


class YearData(_Strict):
    """One year's calendar data; `provisional` years lack the official 调休 arrangement."""

    year: int
    status: Literal["official", "provisional"]
    source: Source
    holidays: list[Holiday]
    makeup_workdays: list[MakeupWorkday]

    @model_validator(mode="after")
    def _consistent(self) -> "YearData":
        rest: set[date] = set()
        for holiday in self.holidays:
            for day in holiday.days():
                if day.year != self.year:
                    raise ValueError(f"{holiday.name}: {day} is outside {self.year}")
                if day in rest:
                    raise ValueError(f"{holiday.name}: {day} is listed twice")
                rest.add(day)
        for makeup in self.makeup_workdays:
            if makeup.date.year != self.year:
                raise ValueError(f"make-up day {makeup.date} is outside {self.year}")
            if makeup.date.weekday() < 5:
                raise ValueError(f"make-up day {makeup.date} is not a Saturday or Sunday")
            if makeup.date in rest:
                raise ValueError(f"make-up day {makeup.date} is also a holiday")
        if self.status == "provisional" and self.makeup_workdays:
            raise ValueError("a provisional year cannot have make-up working days")
        return self
