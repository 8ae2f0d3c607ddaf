"""Searching the published negative lists by sector, scenario and field.

A field-level lookup answers "is 手机号 in 售后服务 on the list?": the scenario text
matches a scenario's code, name or business activity, the field text one of an
entry's 数据字段 (or its name) as text or as the same data element of the vocabulary
(联系电话 finds 手机号), so officials' and enterprises' wording both hit — as the engine
matches them.
"""

from dataclasses import dataclass
from datetime import date

from chujing.rules import Entry, NegativeList, Scenario, load_rules
from chujing.rules.packs import current_pack


@dataclass(frozen=True)
class Hit:
    """One list entry that answers the query, with where it stands."""

    lst: NegativeList
    scenario: Scenario
    entry: Entry
    matched_fields: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """What the visitor asked; empty strings mean "any"."""

    sector: str = ""
    scenario: str = ""
    field: str = ""
    ftz: str = ""

    @property
    def empty(self) -> bool:
        """No criterion at all."""
        return not (self.sector or self.scenario or self.field or self.ftz)


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def _scenario_matches(scenario: Scenario, text: str) -> bool:
    needle = _norm(text)
    return any(needle in _norm(s) for s in (scenario.code, scenario.name, scenario.activity))


def _fields_matching(entry: Entry, text: str) -> tuple[str, ...]:
    needle = _norm(text)
    vocabulary = load_rules().vocabulary
    meant = vocabulary.element(text)
    hits = tuple(
        f
        for f in entry.fields
        if needle in _norm(f)
        or _norm(f) in needle
        or (meant is not None and vocabulary.element(f) == meant)
    )
    if hits:
        return hits
    return (entry.name,) if needle in _norm(entry.name) else ()


def search(lists: list[NegativeList], query: Query) -> list[Hit]:
    """Every entry of the lists satisfying all given criteria, in list order."""
    hits: list[Hit] = []
    for lst in lists:
        if query.ftz and lst.ftz != query.ftz:
            continue
        if query.sector and _norm(query.sector) not in _norm(lst.sector):
            continue
        for scenario in lst.scenarios:
            if query.scenario and not _scenario_matches(scenario, query.scenario):
                continue
            for entry in scenario.entries:
                matched: tuple[str, ...] = ()
                if query.field:
                    matched = _fields_matching(entry, query.field)
                    if not matched:
                        continue
                hits.append(Hit(lst, scenario, entry, matched))
    return hits


def in_force(lists: list[NegativeList], on: date) -> list[NegativeList]:
    """The lists valid on a day, Chongqing first, then by FTZ and sector."""
    valid = [lst for lst in lists if lst.valid_on(on)]
    home = current_pack().code  # the served pack's lists first
    return sorted(valid, key=lambda lst: (lst.ftz != home, lst.ftz, lst.sector))


def find(
    lists: list[NegativeList], list_id: str, version: str | None = None
) -> NegativeList | None:
    """One list by id (the latest version unless one is named)."""
    same_id = [lst for lst in lists if lst.id == list_id]
    if version is not None:
        same_id = [lst for lst in same_id if lst.version == version]
    return max(same_id, key=lambda lst: lst.valid_from, default=None)
