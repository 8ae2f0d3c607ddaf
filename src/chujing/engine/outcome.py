"""The decision (contract §1 output): pathway, reasons with citations, obligations.

Explanations are first-class: every reason names the rule, its Chinese citation and
the facts of the plan that triggered it.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chujing.rules import Pathway, Rule
from chujing.rules.models import Deadline

SeparateRegime = Literal[
    "core_data", "state_secret", "prohibited_technology", "foreign_judicial_request"
]
ParallelProcedure = Literal[
    "export_control_licence", "technology_export_licence", "human_genetic_resources"
]

PATHWAY_ORDER: tuple[Pathway, ...] = (
    "exempt",
    "standard_contract_or_certification",
    "security_assessment",
    "separate_regime",
)


def strictest(pathways: list[Pathway]) -> Pathway:
    """The strictest of several pathways (exempt when there are none)."""
    return max(pathways, key=PATHWAY_ORDER.index, default="exempt")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Kind = Literal["law", "reading"]


def kind_of(rule: Rule) -> Kind:
    """`reading` for the platform's own interpretation (本平台解读), else `law`."""
    return "reading" if rule.reading else "law"


class Reason(_Out):
    """Why: a rule, where it stands, what it says and which facts triggered it.

    `kind` says whether the text is the cited provision's (`law`) or this platform's
    reading of it (`reading`, shown as 本平台解读); `also` cites the further sources.
    """

    rule: str
    citation: str
    text: str
    kind: Kind = "law"
    title: str = ""
    also: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, rule: Rule, **facts: Any) -> "Reason":
        """A reason citing a rule of the book (built from validated law data, so unchecked:
        the engine makes thousands of these per plan)."""
        return cls.model_construct(
            rule=rule.id,
            citation=rule.citation,
            text=rule.text,
            kind=kind_of(rule),
            title=rule.title,
            also=rule.also_citations,
            facts=facts,
        )


class Obligation(_Out):
    """What the processor must do, under which provision, and by when."""

    code: str
    citation: str
    text: str
    kind: Kind = "law"
    also: list[str] = Field(default_factory=list)
    deadline: Deadline | None = None


class ItemOutcome(_Out):
    """The decision for one item of the plan."""

    name: str
    pathway: Pathway
    basis: str = Field(description="id of the rule that decided the pathway (what counts where)")
    basis_title: str = Field(default="", description="that rule's Chinese title")
    matched_entries: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    reasons: list[Reason]


class ListRef(_Out):
    """The list relied on: a negative list, or a general list (`kind: general`)."""

    id: str
    version: str
    title: str
    ftz: str
    official: bool
    kind: str = "negative"
    matched_entries: list[str]


class ReferenceList(_Out):
    """Another FTZ's list shown for reference (CQ Art 21)."""

    id: str
    version: str
    title: str
    ftz: str


class Margins(_Out):
    """Persons still to go this year before the pathway changes (national tiers and list
    thresholds alike); null where no larger count changes it."""

    persons_to_next_tier: int | None
    sensitive_persons_to_next_tier: int | None


class Tallies(_Out):
    """This calendar year's cumulative distinct persons, this export included."""

    persons: int
    sensitive_persons: int


class Outcome(_Out):
    """The whole decision for an export plan."""

    date: str
    pathway: Pathway
    separate_regime: SeparateRegime | None
    parallel_procedures: list[ParallelProcedure]
    regime: str  # national, or <pack>_negative_list / <pack>_general_list (contract v2 §6)
    negative_list: ListRef | None
    reference_lists: list[ReferenceList]
    flags: list[str]
    items: list[ItemOutcome]
    reasons: list[Reason]
    obligations: list[Obligation]
    tallies: Tallies
    margins: Margins
    warnings: list[str]
    settings: dict[str, Any]
    rules_version: str
    input_sha256: str

    def to_json(self) -> dict[str, Any]:
        """The contract §1 JSON object."""
        return self.model_dump(mode="json")
