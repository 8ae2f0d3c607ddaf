"""The 办事指南 and 材料清单 of each step and each case kind's 办理时限, kept as data in
`cases/data/guides.yaml`; citations are rendered from the rule book, never typed twice."""

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from chujing.platform.cases.models import CaseKind
from chujing.rules import load_rules
from chujing.rules.models import Located

Step = Literal["report", "incident", "consultation", "termination", "list_comment", "filing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Material(_Strict):
    """One item of a step's 材料清单."""

    name: str
    required: bool
    note: str = ""


class Guide(_Strict):
    """What a step needs, who does it, with whom, on which articles, in what time."""

    title: str
    case_kind: CaseKind | None = None
    time_limit_working_days: int | None = Field(default=None, ge=1, le=60)
    time_limit_from: Literal["consultation_answer_working_days"] | None = None
    who: str
    where: str
    basis: list[str | Located] = Field(min_length=1)
    guide: list[str] = Field(min_length=1)
    materials: list[Material] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_time_limit(self) -> "Guide":
        if self.time_limit_working_days is not None and self.time_limit_from is not None:
            raise ValueError("time_limit_working_days 与 time_limit_from 只能填写一个")
        return self

    @property
    def citations(self) -> list[str]:
        """The Chinese citations of the step's basis, from the rule book."""
        book = load_rules()
        return [book.citation(b) if isinstance(b, str) else book.cite(b) for b in self.basis]


class Guides(_Strict):
    """The shipped guides, one per step."""

    source: str
    steps: dict[Step, Guide]

    @model_validator(mode="after")
    def _known_rules(self) -> "Guides":
        book = load_rules()
        for step, guide in self.steps.items():
            for basis in guide.basis:
                try:
                    book.citation(basis) if isinstance(basis, str) else book.cite(basis)
                except KeyError:
                    raise ValueError(f"steps.{step}.basis: 规则库中没有 {basis}") from None
        return self


@lru_cache(maxsize=1)
def guides() -> Guides:
    """The shipped guides (`cases/data/guides.yaml`), validated once per process."""
    text = resources.files("chujing.platform.cases").joinpath("data/guides.yaml").read_text("utf-8")
    return Guides.model_validate(yaml.safe_load(text))


def guide(step: Step) -> Guide:
    """The guide of one step."""
    return guides().steps[step]


def for_kind(kind: CaseKind) -> Guide:
    """The guide of the step that submits cases of `kind`."""
    for found in guides().steps.values():
        if found.case_kind is kind:
            return found
    raise KeyError(kind)
