"""National sector guides (行业指引) that sit above every FTZ's list: e.g. 《汽车数据出境安全指引
（2026版）》 and the financial sector's 《促进和规范金融业数据跨境流动合规指南》.

Only their openings and reports of them are public to us, so a guide is data of what is
known — statements, each verbatim (with its source) or a summary marked as such — and the
checks a processor must make against the full text. The engine shows them for processors
of the guide's sectors; a guide never makes an outcome laxer. Each statement is a rule of
every pack's book (`guide.<id>.<code>`), so its reasons cite the book like any other.
"""

from datetime import date
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError

from chujing.rules.messages import chinese
from chujing.rules.models import Instrument, Rule, Strict
from chujing.rules.yamlsource import LawDataError, SourceError, dotted, read_yaml


class Statement(Strict):
    """One thing the guide says."""

    code: str
    text: str
    verbatim: bool  # true: quoted from `source`; false: a summary of reports (本平台归纳)
    source: str


class Guide(Strict):
    """One sector guide, as far as its public text allows."""

    id: str
    title: str
    issuer: str
    published: date
    effective_from: date
    effective_until: date | None = None
    official: bool  # true only when the statements are the guide's full official text
    sectors: list[str]
    source: str
    statements: list[Statement] = Field(min_length=1)
    checks: list[str] = Field(default_factory=list)  # what the processor must verify

    def applies(self, sector: str | None, day: date) -> bool:
        """Whether a processor of this sector falls under the guide on the day."""
        in_force = self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )
        return in_force and sector is not None and sector in self.sectors

    def instrument(self) -> Instrument:
        """The guide as an instrument the book can cite."""
        return Instrument(
            id=f"guide.{self.id}",
            title=self.title,
            short=f"《{self.title}》",
            issuer=self.issuer,
            effective_from=self.effective_from,
            effective_until=self.effective_until,
            note=f"行业指引；本平台据公开报道编码：{self.source}",
        )

    def rules(self) -> list[Rule]:
        """Each statement as a rule in force with the guide; summaries are readings."""
        return [
            Rule(
                id=self.rule_id(s.code),
                kind="guide",
                instrument=f"guide.{self.id}",
                effective_from=self.effective_from,
                effective_until=self.effective_until,
                reading=not s.verbatim,
                title=f"行业指引：{self.title}"
                + ("" if s.verbatim else "（本平台解读：据报道归纳）"),
                text=s.text,
                citation=f"《{self.title}》",
            )
            for s in self.statements
        ]

    def rule_id(self, code: str) -> str:
        """The book's id of one statement."""
        return f"guide.{self.id}.{code}"


def guides_dir() -> Path:
    """Where the shipped guides live."""
    return Path(__file__).parent / "data" / "guides"


@cache
def load_guides() -> tuple[Guide, ...]:
    """Every shipped guide, validated; LawDataError naming file and line otherwise."""
    guides: list[Guide] = []
    problems: list[SourceError] = []
    for path in sorted(guides_dir().glob("*.yaml")):
        doc = read_yaml(path)
        try:
            guides.append(Guide.model_validate(doc.data))
        except ValidationError as exc:
            problems += [
                SourceError(doc.source, doc.line_of(e["loc"]), dotted(e["loc"]), chinese(e))
                for e in exc.errors()
            ]
    if problems:
        raise LawDataError(problems)
    return tuple(guides)
