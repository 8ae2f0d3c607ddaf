"""The platform's own lead times (reminders, warnings), kept as data in `clocks/data/`."""

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Schedule(BaseModel):
    """Lead times the law leaves to the administering body (statutory periods are rules)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    remind_working_days_before: int = Field(ge=0, le=60)
    list_expiry_warning_days: int = Field(ge=0, le=3650)
    zone_report_due_working_days: int = Field(ge=1, le=120)
    rectification_working_days: int = Field(ge=1, le=365)
    survey_answer_working_days: int = Field(ge=1, le=365)


@lru_cache(maxsize=1)
def schedule() -> Schedule:
    """The shipped schedule (`clocks/data/schedule.yaml`)."""
    text = (
        resources.files("chujing.platform.clocks").joinpath("data/schedule.yaml").read_text("utf-8")
    )
    return Schedule.model_validate(yaml.safe_load(text))
