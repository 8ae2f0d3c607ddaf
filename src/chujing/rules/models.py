"""Typed shapes of the law data: instruments, dated rules, settings, sensitive kinds.

Every rule carries where it comes from (instrument, article, paragraph, item) and
when it is in force, so that "what was the rule on 2025-10-01?" has an answer.
"""

from datetime import date
from typing import Annotated, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Pathway = Literal[
    "exempt", "standard_contract_or_certification", "security_assessment", "separate_regime"
]
PATHWAYS = get_args(Pathway)
ParamValue = int | float | str | bool | list[str] | list[int]

MAX_CATEGORY = 60  # above any pack's catalogue (Tianjin's has 46); each pack checks its own
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1-9999 in Chinese numerals as statutes write them (第二十三条, 第一千二百五十九条)."""
    if not 0 < n < 10000:
        raise ValueError(f"article number out of range: {n}")
    if 10 <= n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = ""
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if pending_zero:
                out += "零"
            out += _DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out


class Strict(BaseModel):
    """Data files may not carry keys the code does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Instrument(Strict):
    """A legal instrument (law, regulation, rule, standard) cited by the rules."""

    id: str
    title: str
    short: str
    issuer: str
    number: str | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    note: str | None = None


class Located(Strict):
    """Where in an instrument a rule stands."""

    instrument: str
    article: Annotated[int, Field(ge=1, le=9999)] | None = None
    paragraph: Annotated[int, Field(ge=1)] | None = None
    item: Annotated[int, Field(ge=1)] | None = None
    locator: str | None = None

    def cite(self, instruments: dict[str, Instrument]) -> str:
        """Render the Chinese citation: 《促进和规范数据跨境流动规定》第七条第（二）项."""
        out = f"《{instruments[self.instrument].title}》"
        if self.locator:
            out += self.locator
        if self.article:
            out += f"第{chinese_number(self.article)}条"
        if self.paragraph:
            out += f"第{chinese_number(self.paragraph)}款"
        if self.item:
            out += f"第（{chinese_number(self.item)}）项"
        return out


class Source(Located):
    """A further source supporting a rule."""


class Rule(Located):
    """One rule of law, in force from effective_from to effective_until (inclusive).

    `reading: true` marks the platform's own interpretation (本平台解读, docs/law-readings.md):
    its text is never shown as if the cited article said it.
    """

    id: str
    kind: Literal[
        "scope",
        "tier",
        "exemption",
        "separate_regime",
        "parallel_procedure",
        "important_data",
        "obligation",
        "deadline",
        "list",
        "annex_general",
        "supervision",
        "guide",
    ]
    title: str
    text: str
    effective_from: date
    effective_until: date | None = None
    params: dict[str, ParamValue] = Field(default_factory=dict)
    also: list[Source] = Field(default_factory=list)
    reading: bool = False
    citation: str = ""
    also_citations: list[str] = Field(default_factory=list)

    def in_force(self, on: date) -> bool:
        """Whether the rule applies on the given day."""
        return self.effective_from <= on and (
            self.effective_until is None or on <= self.effective_until
        )

    def strings_param(self, name: str) -> list[str]:
        """A list-of-codes parameter (purposes, kinds); a wrong shape is a data error."""
        value = self.params[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"rule {self.id}: param {name} is not a list of strings")
        return [str(v) for v in value]

    def pathway_param(self) -> "Pathway":
        """The pathway a tier rule leads to."""
        value = self.params["pathway"]
        if value not in PATHWAYS:
            raise TypeError(f"rule {self.id}: param pathway {value!r} is not a pathway")
        return cast("Pathway", value)

    def int_param(self, name: str) -> int:
        """A numeric threshold of the rule; a missing one is a data error caught by the tests."""
        value = self.params[name]
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"rule {self.id}: param {name} is not an integer")
        return value


SERVED = "{served}"  # in a setting's text: the served pack's short name


class Setting(Strict):
    """A reading of the law the engine must choose; the default is law.md's."""

    name: str
    type: Literal["bool", "choice"]
    default: bool | str
    choices: list[str] = Field(default_factory=list)
    title: str
    text: str
    basis: list[Located] = Field(default_factory=list)

    @model_validator(mode="after")
    def _default_fits(self) -> "Setting":
        if self.type == "bool" and not isinstance(self.default, bool):
            raise ValueError("default of a bool setting must be true or false")
        if self.type == "choice" and self.default not in self.choices:
            raise ValueError(f"default {self.default!r} is not one of {self.choices}")
        return self

    def served(self, name: str) -> "Setting":
        """The setting as the served pack shows it: `{served}` in its text is the pack's
        name (a shared text names no city)."""
        return self.model_copy(update={"text": self.text.replace(SERVED, name)})

    def accepts(self, value: object) -> bool:
        """Whether value is a legal value of this setting."""
        if self.type == "bool":
            return isinstance(value, bool)
        return isinstance(value, str) and value in self.choices


class SensitiveKind(Strict):
    """A kind of sensitive personal information (PIPL Art 28; GB/T 45574-2025)."""

    code: str
    name: str
    description: str
    examples: list[str]
    basis: list[Located] = Field(default_factory=list)


class Deadline(Strict):
    """A period the law sets, in working or calendar days, months or years."""

    amount: int
    unit: Literal["working_days", "days", "months", "years"]
    after: str
