"""A jurisdiction's RuleBook: the shipped national and base rules with one pack's own
measures, annex and setting defaults on top, checked as a whole.

The home pack's book is the shipped book itself (Chongqing behaves exactly as before);
another pack's rules are added after the base rules, may not reuse a base rule's id, and
every rule its roles name must exist — a pack that forgets one fails on load, never
with a wrong decision.
"""

import hashlib
from functools import cache
from pathlib import Path

from chujing.rules.book import (
    LawDataError,
    RuleBook,
    _CatalogueFile,
    _check_references,
    _installation_settings,
    _InstrumentsFile,
    _RulesFile,
    _validate,
    inherit_dates,
    load_rules,
)
from chujing.rules.catalogue import Catalogue
from chujing.rules.lists import ListProblems, NegativeList, load_list_dir
from chujing.rules.models import Rule
from chujing.rules.packs import HOME, Pack, chosen_code, load_pack, pack_codes, packs_dir
from chujing.rules.yamlsource import SourceError, YamlDoc, dotted, parse_yaml

PACK_RULE_FILES = ("instruments.yaml", "rules.yaml")


def _doc(texts: dict[str, str], name: str, source: str) -> YamlDoc:
    try:
        return parse_yaml(texts[name], source)
    except SourceError as exc:
        raise LawDataError([exc]) from None


def _role_problems(pack: Pack, book_rules: set[str], instruments: set[str]) -> list[SourceError]:
    source = str(pack.directory / "pack.yaml")
    problems = []
    roles = pack.roles.model_dump()
    for role, value in roles.items():
        for rule_id in value if isinstance(value, list) else [value]:
            if rule_id is not None and rule_id not in book_rules:
                problems.append(
                    SourceError(source, None, f"roles.{role}", f"规则 {rule_id!r} 不存在")
                )
    adopted = [pack.adopts.instrument] if pack.adopts else []
    for index, instrument in enumerate([*pack.measures, *adopted]):
        if instrument not in instruments:
            path = dotted(("measures", index))
            problems.append(SourceError(source, None, path, f"未知的文件 {instrument!r}"))
    return problems


def _adopted(base: RuleBook, pack: Pack) -> list[Rule]:
    """The base rules, those the pack adopts re-cited under its measures and dates."""
    adopts = pack.adopts
    if adopts is None:
        return list(base.rules)
    source = str(pack.directory / "pack.yaml")
    missing = [r for r in adopts.rules if r not in {x.id for x in base.rules}]
    if missing:
        raise LawDataError([SourceError(source, None, "adopts.rules", f"未知的规则：{missing}")])
    out: list[Rule] = []
    done: set[str] = set()
    for rule in base.rules:
        if rule.id not in adopts.rules:
            out.append(rule)
        elif rule.id not in done:
            done.add(rule.id)
            out.append(
                rule.model_copy(
                    update={
                        "instrument": adopts.instrument,
                        "locator": adopts.locator,
                        "article": None,
                        "paragraph": None,
                        "item": None,
                        "effective_from": adopts.effective_from,
                        "effective_until": adopts.effective_until,
                        "citation": "",
                    }
                )
            )
    return out


def build_jurisdiction(base: RuleBook, pack: Pack, texts: dict[str, str]) -> RuleBook:
    """The base book with the pack's instruments, rules and catalogue (file name → YAML text;
    the pack's files are named by their path in errors)."""
    instruments = list(base.instruments.values())
    rules = _adopted(base, pack)
    catalogue = base.catalogue
    where = pack.directory
    if pack.rules is not None:
        idoc = _doc(texts, "instruments.yaml", str(where / "instruments.yaml"))
        rdoc = _doc(texts, "rules.yaml", str(where / "rules.yaml"))
        own_instruments = _validate(_InstrumentsFile, idoc).instruments
        inherit_dates(rdoc, {**base.instruments, **{i.id: i for i in own_instruments}})
        own_rules = _validate(_RulesFile, rdoc).rules
        known = {**base.instruments, **{i.id: i for i in own_instruments}}
        problems = _check_references(known, own_rules, {"rules.yaml": rdoc})
        problems += [
            SourceError(
                rdoc.source, rdoc.line_of(("rules", n, "id")), f"rules[{n}].id", "与基础规则重名"
            )
            for n, rule in enumerate(own_rules)
            if rule.id in {r.id for r in base.rules}
        ]
        if problems:
            raise LawDataError(problems)
        instruments += own_instruments
        rules += own_rules
    known = {i.id: i for i in instruments}
    foreign = foreign_measures(pack.code)
    rules = [
        r
        if r.citation and not any(a.instrument in foreign for a in r.also)
        else r.model_copy(
            update={
                "citation": r.citation or r.cite(known),
                # another pack's measures never speak for this one, not even beside a rule
                "also_citations": [a.cite(known) for a in r.also if a.instrument not in foreign],
            }
        )
        for r in rules
    ]
    if pack.catalogue is not None:
        cdoc = _doc(texts, "catalogue.yaml", str(where / pack.catalogue))
        own = _validate(_CatalogueFile, cdoc)
        catalogue = Catalogue.model_validate(own.model_dump(exclude={"version", "instrument"}))
    problems = _role_problems(pack, {r.id for r in rules}, {i.id for i in instruments})
    if problems:
        raise LawDataError(problems)
    digest = hashlib.sha256(base.version.encode())
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return RuleBook(
        instruments,
        rules,
        list(base.settings.values()),
        list(base.sensitive_kinds.values()),
        catalogue,
        base.vocabulary,
        f"{pack.code}+{digest.hexdigest()[:12]}",
        _installation_settings(base.settings),
        pack=pack,
        guides=base.guides,
    )


def _pack_texts(pack: Pack) -> dict[str, str]:
    texts: dict[str, str] = {}
    if pack.rules is not None:
        for name in PACK_RULE_FILES:
            texts[name] = (pack.directory / pack.rules / name).read_text(encoding="utf-8")
    if pack.catalogue is not None:
        texts["catalogue.yaml"] = (pack.directory / pack.catalogue).read_text(encoding="utf-8")
    return texts


@cache
def load_jurisdiction(code: str = HOME) -> RuleBook:
    """The RuleBook of one shipped pack, validated once per process."""
    pack = load_pack(code)
    base = load_rules()
    if code == HOME:
        return base
    return build_jurisdiction(base, pack, _pack_texts(pack))


def _catalogue_problems(
    lists: list[NegativeList], book: RuleBook, source: Path
) -> list[SourceError]:
    """Entries of the pack's own lists must name a category of the pack's annex."""
    numbers = {c.number for c in book.catalogue.categories}
    return [
        SourceError(
            str(source),
            None,
            f"{lst.id}.{entry.code}.category",
            f"{entry.category} 不是本辖区参考规则的类别编号",
        )
        for lst in lists
        if lst.ftz == book.pack.code
        for _, entry in lst.entries()
        if entry.category not in numbers
    ]


def _general_problems(lists: list[NegativeList], book: RuleBook, source: Path) -> list[SourceError]:
    """A pack with a general list must say, by two rules, what being on and off it means."""
    roles = book.pack.roles
    if roles.general_listed and roles.general_unlisted:
        return []
    return [
        SourceError(
            str(source),
            None,
            lst.id,
            "一般数据清单所在辖区须设 roles.general_listed/general_unlisted",
        )
        for lst in lists
        if lst.ftz == book.pack.code and lst.kind == "general"
    ]


def pack_list_problems(
    lists: list[NegativeList], book: RuleBook, source: Path
) -> list[SourceError]:
    """What a pack's own lists must satisfy beyond their file format: categories of the pack's
    annex, and the pack's rules on general lists when it has one (`chujing lists validate`)."""
    return _catalogue_problems(lists, book, source) + _general_problems(lists, book, source)


@cache
def jurisdiction_lists(code: str = HOME) -> tuple[NegativeList, ...]:
    """The lists a pack's engine sees: its own directories first, then every other shipped
    pack's own lists (they may decide only as the pack's cross-pack rule allows)."""
    book = load_jurisdiction(code)
    seen: dict[tuple[str, str], NegativeList] = {}
    problems: list[SourceError] = []
    for other in [code, *(c for c in pack_codes() if c != code)]:
        pack = load_pack(other)
        for directory in pack.list_dirs():
            try:
                found = load_list_dir(directory)
            except ListProblems as exc:
                problems.extend(exc.problems)
                continue
            if other == code:
                problems += pack_list_problems(found, book, directory)
            for lst in found:
                if other == code or lst.ftz == other:
                    seen.setdefault((lst.id, lst.version), lst)
    if problems:
        raise ListProblems(problems)
    return tuple(seen.values())


def foreign_measures(code: str) -> set[str]:
    """Instrument ids of the other packs' own measures: rules under them never speak for the
    pack `code` (its book still holds the base's rules, Chongqing's among them)."""
    own = set(load_pack(code).measures)
    return {m for other in pack_codes() if other != code for m in load_pack(other).measures} - own


def current_book() -> RuleBook:
    """The RuleBook of the pack this process serves (CHUJING_JURISDICTION), for services."""
    return load_jurisdiction(chosen_code())


def current_lists() -> list[NegativeList]:
    """The lists of the pack this process serves."""
    return list(jurisdiction_lists(chosen_code()))


__all__ = [
    "build_jurisdiction",
    "current_book",
    "current_lists",
    "foreign_measures",
    "jurisdiction_lists",
    "load_jurisdiction",
    "pack_list_problems",
    "packs_dir",
]
