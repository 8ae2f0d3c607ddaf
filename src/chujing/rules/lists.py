"""Negative lists (contract §3): one YAML file per list version.

The loader reports every problem of a file with its line, not only the first, so
that a list author can fix a draft in one pass.
"""

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chujing.rules.messages import chinese
from chujing.rules.models import MAX_CATEGORY
from chujing.rules.yamlsource import SourceError, YamlDoc, dotted, read_yaml

DataType = Literal[
    "important_data", "personal_information", "sensitive_personal_information", "general_data"
]
ListKind = Literal["negative", "general"]
ALL_SECTORS = "全部行业"  # a list (Tianjin's) that covers every sector of its FTZ
ListPathway = Literal["security_assessment", "standard_contract_or_certification"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    """Counts this calendar year's tallies must reach before an entry applies."""

    persons: Annotated[int, Field(ge=1)] | None = None
    sensitive_persons: Annotated[int, Field(ge=1)] | None = None


class Entry(_Strict):
    """One 数据类别 of a scenario, with its 数据字段."""

    code: str
    name: str
    category: Annotated[int, Field(ge=1, le=MAX_CATEGORY)]
    data_type: DataType
    fields: Annotated[list[str], Field(min_length=1)]
    pathway: ListPathway | None = None
    thresholds: Thresholds | None = None
    conditions: list[str] = Field(default_factory=list)
    description: str | None = None  # the list's own wording of the entry, when quoted
    source: str | None = None  # where a verbatim description was found; none: illustrative


class Scenario(_Strict):
    """A 业务场景 within a 业务活动."""

    code: str
    activity: str
    name: str
    description: str | None = None
    entries: Annotated[list[Entry], Field(min_length=1)]


class NegativeList(_Strict):
    """One version of one FTZ's list for one sector: a negative list (data on it follows the
    national rules, data off it is exempt) or, with `kind: general`, a general list such as
    Lingang's 一般数据清单 (data on it is free to go out, data off it follows the national rules).
    `zones` limits a list to processors of those zones of its pack (Lingang's lists)."""

    id: str
    title: str
    ftz: str
    official: bool
    version: str
    published: date
    valid_from: date
    valid_until: date
    sector: str
    excludes_ciio: bool = True
    kind: ListKind = "negative"
    zones: list[str] = Field(default_factory=list)
    source: str
    scenarios: Annotated[list[Scenario], Field(min_length=1)]

    def valid_on(self, day: date) -> bool:
        """valid_from and valid_until are both inclusive."""
        return self.valid_from <= day <= self.valid_until

    @cached_property
    def _by_code(self) -> dict[str, tuple[Scenario, Entry]]:
        return {e.code: (s, e) for s in self.scenarios for e in s.entries}

    @cached_property
    def _scenarios(self) -> dict[str, Scenario]:
        return {s.code: s for s in self.scenarios}

    def scenario(self, code: str) -> Scenario | None:
        """The scenario with this code, if any."""
        return self._scenarios.get(code)

    def entries(self) -> list[tuple[Scenario, Entry]]:
        """Every entry with its scenario, in file order."""
        return list(self._by_code.values())

    def entry(self, code: str) -> tuple[Scenario, Entry] | None:
        """The entry with this code and its scenario, if any."""
        return self._by_code.get(code)

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """Indexes other modules derive from this list (the vocabulary's), built once each."""
        return {}


class ListProblems(Exception):
    """Every problem found in one or more list files."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _semantic_problems(lst: NegativeList, doc: YamlDoc) -> list[SourceError]:
    problems: list[SourceError] = []

    def add(path: tuple[str | int, ...], message: str) -> None:
        problems.append(SourceError(doc.source, doc.line_of(path), dotted(path), message))

    if lst.valid_from > lst.valid_until:
        add(("valid_until",), "valid_until 早于 valid_from")
    seen: dict[str, str] = {}
    for si, scenario in enumerate(lst.scenarios):
        if scenario.code in seen:
            add(("scenarios", si, "code"), f"编码 {scenario.code!r} 重复")
        seen[scenario.code] = "scenario"
        for ei, entry in enumerate(scenario.entries):
            path: tuple[str | int, ...] = ("scenarios", si, "entries", ei)
            if entry.code in seen:
                add((*path, "code"), f"编码 {entry.code!r} 重复")
            seen[entry.code] = "entry"
            if len(set(entry.fields)) != len(entry.fields):
                add((*path, "fields"), "有字段重复列出")
            if entry.thresholds is not None and entry.thresholds == Thresholds():
                add((*path, "thresholds"), "thresholds 未设定任何人数")
            if entry.thresholds is not None and entry.data_type == "important_data":
                add((*path, "thresholds"), "重要数据条目不设人数门槛")
            _kind_problems(lst, entry, path, add)
    return problems


def _kind_problems(
    lst: NegativeList,
    entry: Entry,
    path: tuple[str | int, ...],
    add: Callable[[tuple[str | int, ...], str], None],
) -> None:
    """A general list can never free important data, and its entries have no thresholds or
    pathways (those tighten a negative list); general data belongs to general lists only."""
    if lst.kind == "general":
        if entry.data_type == "important_data":
            add((*path, "data_type"), "一般数据清单不能列入重要数据")
        if entry.thresholds is not None:
            add((*path, "thresholds"), "一般数据清单条目不设人数门槛")
        if entry.pathway is not None:
            add((*path, "pathway"), "一般数据清单条目不设出境路径")
    elif entry.data_type == "general_data":
        add((*path, "data_type"), "general_data 仅用于一般数据清单（kind: general）")


def parse_list(doc: YamlDoc) -> NegativeList:
    """Validate one parsed list file; raise ListProblems naming every problem."""
    if not isinstance(doc.data, dict):
        raise ListProblems([SourceError(doc.source, 1, "", "清单文件必须是键值对（映射）")])
    try:
        lst = NegativeList.model_validate(doc.data)
    except ValidationError as exc:
        raise ListProblems(
            [
                SourceError(doc.source, doc.line_of(err["loc"]), dotted(err["loc"]), chinese(err))
                for err in exc.errors()
            ]
        ) from None
    problems = _semantic_problems(lst, doc)
    if problems:
        raise ListProblems(problems)
    return lst


def load_list_document(path: Path) -> tuple[NegativeList, YamlDoc]:
    """Read and validate one list file, keeping the line of every key."""
    try:
        doc = read_yaml(path)
    except SourceError as exc:
        raise ListProblems([exc]) from None
    return parse_list(doc), doc


def load_list_file(path: Path) -> NegativeList:
    """Read and validate one list file."""
    return load_list_document(path)[0]


def load_list_dir(directory: Path) -> list[NegativeList]:
    """Every list file (*.yaml, *.yml) in a directory; all problems of all files at once."""
    if not directory.is_dir():
        raise ListProblems([SourceError(str(directory), None, "", "不是目录")])
    lists: list[NegativeList] = []
    problems: list[SourceError] = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            lists.append(load_list_file(path))
        except ListProblems as exc:
            problems.extend(exc.problems)
    keys = [(lst.id, lst.version) for lst in lists]
    for key in {k for k in keys if keys.count(k) > 1}:
        problems.append(
            SourceError(str(directory), None, "", f"清单 {key[0]} 版本 {key[1]} 出现两次")
        )
    if problems:
        raise ListProblems(problems)
    return lists
