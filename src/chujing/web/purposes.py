"""The exemptions a form offers as "purposes" (O16 Arts 3-5), read from the rule book:
one choice per exemption rule in force, carrying the plan purposes that rule names."""

from dataclasses import dataclass
from datetime import date

from chujing.rules import load_rules


@dataclass(frozen=True)
class PurposeChoice:
    """One exemption a user may claim, with its citation and whether 确需 is required."""

    rule: str
    title: str
    citation: str
    purposes: tuple[str, ...]
    requires_necessity: bool


def choices(on: date) -> list[PurposeChoice]:
    """Every exemption rule in force on `on` that is claimed by a plan purpose."""
    found = []
    for rule in load_rules().rules_of_kind("exemption", on):
        named = rule.params.get("purposes")
        if isinstance(named, list) and named:
            found.append(
                PurposeChoice(
                    rule=rule.id,
                    title=rule.title,
                    citation=rule.citation,
                    purposes=tuple(str(p) for p in named),
                    requires_necessity=bool(rule.params.get("requires_necessity", False)),
                )
            )
    return found


def purposes_of(rule_ids: list[str], on: date) -> list[str]:
    """The plan purposes of the chosen exemption rules (unknown ids are ignored)."""
    picked = set(rule_ids)
    out: list[str] = []
    for choice in choices(on):
        if choice.rule in picked:
            out.extend(p for p in choice.purposes if p not in out)
    return out
