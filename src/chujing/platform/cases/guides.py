"""The 办事指南 and 材料清单 of each step and each case kind's 办理时限, kept as data in
`cases/data/guides.yaml`; citations are rendered from the rule book, never typed twice, and
the bodies named in the texts are the served pack's (`{supervisor}`, `{bureaus}`…)."""

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from chujing.documents.model import pack_citation
from chujing.platform.cases.models import CaseKind
from chujing.rules import load_rules
from chujing.rules.jurisdiction import current_book, foreign_measures
from chujing.rules.models import Located
from chujing.rules.packs import Roles, current_pack

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
        """The Chinese citations of the step's basis, from the served pack's book: a
        `roles.<name>` entry is the rule that role names in the pack (none: not cited); a
        place in another pack's measures is not cited under this one."""
        book = current_book()
        foreign = foreign_measures(current_pack().code)
        out: list[str] = []
        for b in self.basis:
            if isinstance(b, Located):
                if b.instrument not in foreign:
                    out.append(book.cite(b))
            elif b.startswith(ROLE):
                out += [c for c in map(pack_citation, role_rules(b)) if c]
            else:
                out.append(book.citation(b))
        return out


ROLE = "roles."  # a basis entry naming a pack role (rules.packs.Roles) instead of a rule


def _served_names() -> dict[str, str]:
    """What the guides' placeholders stand for under the served pack: the supervising
    bureau, the municipal bureaus, the note of the bureaus also told beside the supervisor
    ("" where there are none: the supervisor is not named twice) and the citation of the
    rule a processor's commitment is signed under ("" where the pack has none)."""
    pack = current_pack()
    supervisor = pack.supervisor().short_name
    bureaus = pack.letterhead.bureaus or supervisor
    others = "、".join(b for b in bureaus.split("、") if b != supervisor)
    commitment = pack_citation(pack.roles.commitments) or ""
    return {
        "{supervisor}": supervisor,
        "{bureaus}": bureaus,
        "{also_to_others}": f"（同时报{others}）" if others else "",
        "{commitment}": commitment,
    }


def _served(text: str, names: dict[str, str]) -> str:
    for placeholder, name in names.items():
        text = text.replace(placeholder, name)
    return text


def role_rules(entry: str) -> list[str]:
    """The rule ids the served pack's role `roles.<name>` names ([] where it names none)."""
    value = getattr(current_pack().roles, entry.removeprefix(ROLE))
    return value if isinstance(value, list) else [value] if value else []


class Guides(_Strict):
    """The shipped guides, one per step."""

    source: str
    steps: dict[Step, Guide]

    @model_validator(mode="after")
    def _known_rules(self) -> "Guides":
        book = load_rules()
        for step, guide in self.steps.items():
            for basis in guide.basis:
                if isinstance(basis, str) and basis.startswith(ROLE):
                    if basis.removeprefix(ROLE) not in Roles.model_fields:
                        raise ValueError(f"steps.{step}.basis: 没有该角色 {basis}")
                    continue
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


def served_guide(found: Guide) -> Guide:
    """`found` as the served pack shows it: its placeholders replaced by the pack's bodies."""
    names = _served_names()
    return found.model_copy(
        update={
            "who": _served(found.who, names),
            "where": _served(found.where, names),
            "guide": [_served(line, names) for line in found.guide],
        }
    )


def guide(step: Step) -> Guide:
    """The guide of one step, as the served pack shows it."""
    return served_guide(guides().steps[step])


def for_kind(kind: CaseKind) -> Guide:
    """The guide of the step that submits cases of `kind`, as the served pack shows it."""
    for found in guides().steps.values():
        if found.case_kind is kind:
            return served_guide(found)
    raise KeyError(kind)
