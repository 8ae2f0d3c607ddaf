"""Loading the law data into one validated, cached RuleBook.

The shipped data is checked as a whole on load (every citation names a known
instrument, every rule id is unique per period), so a malformed edit fails with
the file, line and key instead of a wrong decision later.
"""

import hashlib
import os
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from chujing.rules.catalogue import Catalogue
from chujing.rules.guides import Guide, load_guides
from chujing.rules.lists import NegativeList, load_list_dir
from chujing.rules.messages import chinese
from chujing.rules.models import Instrument, Located, Rule, SensitiveKind, Setting
from chujing.rules.packs import HOME, Pack, load_pack
from chujing.rules.vocabulary import Vocabulary, VocabularyData
from chujing.rules.yamlsource import LawDataError as LawDataError  # re-exported
from chujing.rules.yamlsource import (
    SourceError,
    YamlDoc,
    dotted,
    parse_yaml,
    read_yaml,
)

DATA_FILES = (
    "instruments.yaml",
    "rules.yaml",
    "settings.yaml",
    "sensitive_kinds.yaml",
    "catalogue.yaml",
    "elements.yaml",
)
SETTINGS_ENV = "CHUJING_SETTINGS_FILE"


M = TypeVar("M", bound=BaseModel)


class _ListFile(BaseModel):
    """A law data file: its version and one list, nothing else."""

    model_config = ConfigDict(extra="forbid")
    version: str


class _InstrumentsFile(_ListFile):
    instruments: list[Instrument]


class _RulesFile(_ListFile):
    rules: list[Rule]


class _SettingsFile(_ListFile):
    settings: list[Setting]


class _KindsFile(_ListFile):
    kinds: list[SensitiveKind]


class _CatalogueFile(Catalogue):
    version: str
    instrument: str


def data_dir() -> Path:
    """The directory of the shipped law data."""
    return Path(__file__).parent / "data"


def inherit_dates(doc: YamlDoc, instruments: dict[str, Instrument]) -> None:
    """A rule that states no dates of its own is in force while its instrument is: it takes
    the instrument's `effective_from` (and `effective_until`) before it is validated."""
    found = doc.data.get("rules") if isinstance(doc.data, dict) else None
    for raw in found if isinstance(found, list) else []:
        if not isinstance(raw, dict) or "effective_from" in raw:
            continue
        instrument = instruments.get(str(raw.get("instrument")))
        if instrument is not None and instrument.effective_from is not None:
            raw["effective_from"] = instrument.effective_from
            if "effective_until" not in raw and instrument.effective_until is not None:
                raw["effective_until"] = instrument.effective_until


def _validate(model: type[M], doc: YamlDoc) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise LawDataError(
            [
                SourceError(doc.source, doc.line_of(e["loc"]), dotted(e["loc"]), chinese(e))
                for e in exc.errors()
            ]
        ) from None


class RuleBook:
    """Every rule, setting, sensitive kind and the Annex catalogue, with one version."""

    def __init__(
        self,
        instruments: list[Instrument],
        rules: list[Rule],
        settings: list[Setting],
        kinds: list[SensitiveKind],
        catalogue: Catalogue,
        vocabulary: Vocabulary,
        version: str,
        installation_settings: dict[str, Any],
        pack: Pack | None = None,
        guides: Sequence[Guide] = (),
    ) -> None:
        self.pack = pack or load_pack(HOME)
        self.guides = tuple(guides)
        self.instruments = {i.id: i for i in instruments}
        self.vocabulary = vocabulary
        self.rules = rules
        self.settings = {s.name: s for s in settings}
        self.sensitive_kinds = {k.code: k for k in kinds}
        self.catalogue = catalogue
        self.version = version
        self.setting_defaults: dict[str, Any] = {
            **{s.name: s.default for s in settings},
            **self.pack.settings,
            **installation_settings,
        }
        self._by_id: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_id.setdefault(rule.id, []).append(rule)

    def cite(self, located: Located) -> str:
        """The Chinese citation of any located provision."""
        return located.cite(self.instruments)

    def rule(self, rule_id: str, on: date) -> Rule:
        """The version of a rule in force on a day; KeyError when none is."""
        for rule in self._by_id.get(rule_id, []):
            if rule.in_force(on):
                return rule
        raise KeyError(f"rule {rule_id} is not in force on {on.isoformat()}")

    def citation(self, rule_id: str) -> str:
        """The citation of a rule's latest version, for documents that name their basis."""
        return self._by_id[rule_id][-1].citation

    def has_rule(self, rule_id: str, on: date) -> bool:
        """Whether some version of the rule is in force on the day."""
        return any(r.in_force(on) for r in self._by_id.get(rule_id, []))

    def rules_of_kind(self, kind: str, on: date | None = None) -> list[Rule]:
        """Rules of a kind, optionally only those in force on a day."""
        return [r for r in self.rules if r.kind == kind and (on is None or r.in_force(on))]

    def settings_for(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """The defaults with a plan's overrides applied (the plan was validated already)."""
        return {**self.setting_defaults, **overrides}


def _check_references(
    instruments: dict[str, Instrument], rules: list[Rule], docs: dict[str, YamlDoc]
) -> list[SourceError]:
    problems = []
    rules_doc = docs["rules.yaml"]
    for index, rule in enumerate(rules):
        for place, located in [("instrument", rule), *(("also", a) for a in rule.also)]:
            if located.instrument not in instruments:
                path = ("rules", index, place)
                problems.append(
                    SourceError(
                        rules_doc.source,
                        rules_doc.line_of(path),
                        dotted(path),
                        f"unknown instrument {located.instrument!r}",
                    )
                )
        if rule.effective_until and rule.effective_until < rule.effective_from:
            path = ("rules", index, "effective_until")
            problems.append(
                SourceError(
                    rules_doc.source,
                    rules_doc.line_of(path),
                    dotted(path),
                    "effective_until is before effective_from",
                )
            )
    seen: dict[str, list[Rule]] = {}
    for index, rule in enumerate(rules):
        for other in seen.get(rule.id, []):
            overlap_end = min(rule.effective_until or date.max, other.effective_until or date.max)
            if max(rule.effective_from, other.effective_from) <= overlap_end:
                path = ("rules", index, "id")
                problems.append(
                    SourceError(
                        rules_doc.source,
                        rules_doc.line_of(path),
                        dotted(path),
                        f"rule {rule.id} overlaps another version of itself in time",
                    )
                )
        seen.setdefault(rule.id, []).append(rule)
    return problems


def _check_vocabulary(data: VocabularyData, kinds: set[str], doc: YamlDoc) -> list[SourceError]:
    """Every sensitive kind an element or hint names is one of sensitive_kinds.yaml."""
    problems = []
    named = [
        (("elements", i, "sensitive_kinds"), kind)
        for i, element in enumerate(data.elements)
        for kind in element.sensitive_kinds
    ] + [(("hints", i, "kind"), hint.kind) for i, hint in enumerate(data.hints)]
    for path, kind in named:
        if kind not in kinds:
            problems.append(
                SourceError(
                    doc.source, doc.line_of(path), dotted(path), f"未知的敏感个人信息类型 {kind!r}"
                )
            )
    return problems


def _installation_settings(settings: dict[str, Setting]) -> dict[str, Any]:
    env = os.environ.get(SETTINGS_ENV)
    if env:
        path = Path(env)
    else:
        import platformdirs  # only when no file is named explicitly: it costs start-up time

        path = Path(platformdirs.user_config_dir("chujing")) / "law-settings.yaml"
    if not path.exists():
        if env:
            raise LawDataError([SourceError(str(path), None, "", "找不到设置文件")])
        return {}
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise LawDataError([SourceError(str(path), 1, "", "设置文件应为“设置名: 取值”的映射")])
    problems = []
    for name, value in doc.data.items():
        setting = settings.get(name)
        if setting is None:
            problems.append(SourceError(str(path), doc.line_of((name,)), name, "未知的设置项"))
        elif not setting.accepts(value):
            problems.append(
                SourceError(str(path), doc.line_of((name,)), name, f"取值无效：{value!r}")
            )
    if problems:
        raise LawDataError(problems)
    return dict(doc.data)


def build_rule_book(texts: dict[str, str]) -> RuleBook:
    """Validate the law data given as file name → YAML text (also used by tests)."""
    try:
        docs = {name: parse_yaml(texts[name], name) for name in DATA_FILES}
    except SourceError as exc:
        raise LawDataError([exc]) from None
    instruments = _validate(_InstrumentsFile, docs["instruments.yaml"])
    inherit_dates(docs["rules.yaml"], {i.id: i for i in instruments.instruments})
    rules = _validate(_RulesFile, docs["rules.yaml"])
    settings = _validate(_SettingsFile, docs["settings.yaml"])
    kinds = _validate(_KindsFile, docs["sensitive_kinds.yaml"])
    catalogue = _validate(_CatalogueFile, docs["catalogue.yaml"])
    elements = _validate(VocabularyData, docs["elements.yaml"])
    by_id = {i.id: i for i in instruments.instruments}
    problems = _check_references(by_id, rules.rules, docs)
    problems += _check_vocabulary(elements, {k.code for k in kinds.kinds}, docs["elements.yaml"])
    if problems:
        raise LawDataError(problems)
    cited = [
        r.model_copy(
            update={"citation": r.cite(by_id), "also_citations": [a.cite(by_id) for a in r.also]}
        )
        for r in rules.rules
    ]
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    version = f"{rules.version}+{digest.hexdigest()[:12]}"
    setting_map = {s.name: s for s in settings.settings}
    return RuleBook(
        instruments.instruments,
        cited,
        settings.settings,
        kinds.kinds,
        Catalogue.model_validate(catalogue.model_dump(exclude={"version", "instrument"})),
        Vocabulary(elements),
        version,
        _installation_settings(setting_map),
    )


@cache
def load_rules() -> RuleBook:
    """The shipped law data with the sector guides, validated once per process."""
    base = data_dir()
    book = build_rule_book({name: (base / name).read_text(encoding="utf-8") for name in DATA_FILES})
    return with_guides(book, load_guides())


def with_guides(book: RuleBook, guides: Sequence[Guide]) -> RuleBook:
    """The book with each guide as an instrument and its statements as rules."""
    if not guides:
        return book
    digest = hashlib.sha256(book.version.encode())
    for guide in guides:
        digest.update(guide.model_dump_json().encode())
    return RuleBook(
        [*book.instruments.values(), *(g.instrument() for g in guides)],
        [*book.rules, *(r for g in guides for r in g.rules())],
        list(book.settings.values()),
        list(book.sensitive_kinds.values()),
        book.catalogue,
        book.vocabulary,
        f"{book.version.split('+')[0]}+{digest.hexdigest()[:12]}",
        _installation_settings(book.settings),
        pack=book.pack,
        guides=guides,
    )


def load_lists(directory: Path | None = None) -> list[NegativeList]:
    """The shipped negative lists, or every list file in directory."""
    return load_list_dir(directory or data_dir() / "lists")
