"""Which negative-list entries an item corresponds to (contract v2 §3), failing safe.

An item is on the list when it names an entry, or shares a data element with one
(after the vocabulary's normalisation and synonyms). Important-data entries match in
every scenario; a scenario or category the plan leaves out widens the search instead of
exempting; a field that contains an entry's field counts, with a warning; an item with
neither fields nor an entry that its name cannot place is treated as on the list.
"""

from dataclasses import dataclass, field

from chujing.engine.plan import ExportPlan, Item
from chujing.rules import Entry, NegativeList
from chujing.rules.lists import Thresholds
from chujing.rules.packs import HOME
from chujing.rules.vocabulary import ListIndex, Vocabulary, normalise

MAX_NAMED = 3  # entry codes quoted in one warning


@dataclass(frozen=True)
class Match:
    """The entries an item is on, whether that could not be decided, and the doubts."""

    important: tuple[Entry, ...] = ()
    personal: tuple[Entry, ...] = ()
    codes: tuple[str, ...] = ()
    undetermined: bool = False
    warnings: tuple[str, ...] = ()
    general: tuple[Entry, ...] = ()  # general-list entries that cover the whole item


@dataclass
class _Search:
    item: Item
    where: str
    plan: ExportPlan
    lst: NegativeList
    index: ListIndex
    important: dict[str, Entry] = field(default_factory=dict)
    personal: dict[str, Entry] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.important or self.personal)

    def take(self, entry: Entry) -> None:
        """Add one entry found otherwise than by a field key."""
        group = self.important if entry.data_type == "important_data" else self.personal
        group.setdefault(entry.code, entry)

    def in_scope(self, scenario: str, entry: Entry) -> bool:
        """Important data in every scenario; other entries in the plan's (or any, if none)."""
        wanted = self.plan.scenario
        return entry.data_type == "important_data" or wanted is None or scenario == wanted

    def add(self, key: str) -> bool:
        """Add the entries sharing `key` in the item's category and the plan's scenario."""
        important, personal = self.index.matching(key, self.item.category, self.plan.scenario)
        self.important.update(important)
        self.personal.update(personal)
        return bool(important or personal)

    def codes(self, key: str) -> list[str]:
        """The codes of the entries `key` reaches (for a warning)."""
        important, personal = self.index.matching(key, self.item.category, self.plan.scenario)
        return [*important, *personal]


def _quote(codes: list[str]) -> str:
    shown = "、".join(codes[:MAX_NAMED])
    return shown + (f" 等 {len(codes)} 个条目" if len(codes) > MAX_NAMED else "")


def _by_fields(search: _Search, vocabulary: Vocabulary) -> None:
    unknown = []
    keys: list[str] = []
    for text in search.item.fields:
        reading = vocabulary.read(text, search.index)
        keys.append(reading.exact.key)
        search.add(reading.exact.key)
        for part, near in reading.near:
            keys.append(near.key)
            if search.add(near.key):
                codes = search.codes(near.key)
                search.warnings.append(
                    f"{search.where}.fields: 「{text}」包含清单字段「{near.label}」（{part}），"
                    f"按近似匹配视为对应清单条目 {_quote(codes)}；请核实。"
                )
        if not reading.known and not reading.near and reading.exact.key not in search.index.by_key:
            unknown.append(text)
    if unknown:
        search.warnings.append(
            f"{search.where}.fields: 词表未收录的字段：{'、'.join(unknown)}；"
            "这些字段无法按含义匹配清单条目，请核对字段名称。"
        )
    if search.item.category is not None and not search.found:
        _other_categories(search, keys)


def _other_categories(search: _Search, keys: list[str]) -> None:
    """Warn when the fields match entries of another category than the one given."""
    others = [
        entry
        for key in dict.fromkeys(keys)
        for scenario, entry in search.index.by_key.get(key, [])
        if search.in_scope(scenario, entry)
    ]
    if others:
        codes = list(dict.fromkeys(f"{e.code}（第{e.category}类）" for e in others))
        search.warnings.append(
            f"{search.where}.category: 字段与清单条目 {_quote(codes)} 相同，但所填为参考规则"
            f"第{search.item.category}类，按所填类别判断为不对应；请核实类别。"
        )


def _by_name(search: _Search, vocabulary: Vocabulary) -> bool:
    """Entries the item's name points to (its name ⊇ an entry's name, or the reverse, or an
    element spelled in it); whether any was found."""
    name = normalise(search.item.name)
    reading = vocabulary.read(search.item.name, search.index)
    keys = {reading.exact.key, *(near.key for _, near in reading.near)}
    hits = []
    for scenario, entry in search.lst.entries():
        if not search.in_scope(scenario.code, entry) or (
            search.item.category is not None and entry.category != search.item.category
        ):
            continue
        entry_name = search.index.names[entry.code]
        by_name = len(name) >= 2 and (entry_name in name or name in entry_name)
        if by_name or keys & search.index.keys_of[entry.code]:
            search.take(entry)
            hits.append(entry.code)
    if hits:
        search.warnings.append(
            f"{search.where}: 未填写数据字段，按名称「{search.item.name}」对应清单条目 "
            f"{_quote(hits)}；请填写数据字段以便准确匹配。"
        )
    return bool(hits)


def match_item(
    item: Item,
    position: int,
    plan: ExportPlan,
    lst: NegativeList | None,
    vocabulary: Vocabulary,
    home: str = HOME,
) -> Match:
    """The entries of `lst` that item `position` of the plan is on (contract v2 §3).

    Another pack's list numbers its categories by that pack's annex, so an item's category
    (the home pack's numbering) is not compared with it: every category matches. A general
    list is matched strictly instead (`general_match`)."""
    if lst is None:
        return Match()
    if lst.kind == "general":
        return general_match(item, position, plan, lst, vocabulary)
    if lst.ftz != home and item.category is not None:
        item = item.model_copy(update={"category": None})
    search = _Search(item, f"items[{position}]", plan, lst, vocabulary.index(lst))
    if item.list_entry is not None:
        named = lst.entry(item.list_entry)
        if named is not None:
            search.take(named[1])
    if item.fields:
        _by_fields(search, vocabulary)
    undetermined = False
    if not item.fields and item.list_entry is None and not _by_name(search, vocabulary):
        undetermined = True
        search.warnings.append(
            f"{search.where}: 未填写数据字段，按名称也无法对应清单条目，无法确认其在负面清单外，"
            "已按清单内数据适用现行规定；请填写数据字段。"
        )
    if plan.scenario is None and search.personal:
        search.warnings.append(
            "scenario: 计划未指明业务场景，已按清单全部业务场景匹配（取最严格的结果）。"
        )
    codes = sorted([*search.important, *search.personal], key=search.index.position.__getitem__)
    return Match(
        tuple(search.important.values()),  # in the order found; `codes` in list order
        tuple(search.personal.values()),
        tuple(codes),
        undetermined,
        tuple(search.warnings),
    )


def thresholds_reached(thresholds: Thresholds | None, persons: int, sensitive: int) -> bool:
    """An entry's own thresholds apply only once every count it names is reached."""
    if thresholds is None:
        return True
    return (thresholds.persons is None or persons >= thresholds.persons) and (
        thresholds.sensitive_persons is None or sensitive >= thresholds.sensitive_persons
    )


_PI_COVERED = {
    "none": {"general_data", "personal_information", "sensitive_personal_information"},
    "personal": {"personal_information", "sensitive_personal_information"},
    "sensitive": {"sensitive_personal_information"},
}


def general_match(
    item: Item, position: int, plan: ExportPlan, lst: NegativeList, vocabulary: Vocabulary
) -> Match:
    """The general-list entries that cover an item, failing safe the other way round from a
    negative list: being on a general list frees data, so every field of the item must be an
    exact field of one entry of its category and scenario, and the entry's data type must
    cover the item's PI. A near match, an unknown field, or no fields at all leave the item
    off the general list (the national rules apply), with a warning saying why."""
    where = f"items[{position}]"
    index = vocabulary.index(lst)
    allowed = _PI_COVERED[item.pi]
    warnings: list[str] = []
    if item.list_entry is not None:
        named = lst.entry(item.list_entry)
        if named is not None and named[1].data_type in allowed and not item.fields:
            warnings.append(
                f"{where}.list_entry: 未填写数据字段，按所填条目编码 {item.list_entry} 认定属于"
                "一般数据清单；请核实数据字段与条目一致。"
            )
            return Match(codes=(named[1].code,), general=(named[1],), warnings=tuple(warnings))
    if not item.fields or plan.scenario is None:
        missing = "数据字段" if not item.fields else "业务场景（scenario）"
        warnings.append(
            f"{where}: 未填写{missing}，无法确认属于一般数据清单，已按国家规定判断；"
            f"请填写{missing}。"
        )
        return Match(warnings=tuple(warnings))
    candidates: dict[str, Entry] | None = None
    for text in item.fields:
        reading = vocabulary.read(text, index)
        _, entries = index.matching(reading.exact.key, item.category, plan.scenario)
        hits = {code: e for code, e in entries.items() if e.data_type in allowed}
        if not hits:
            why = "仅近似对应清单字段" if reading.near else "不在一般数据清单的字段中"
            warnings.append(
                f"{where}.fields: 「{text}」{why}，不能按一般数据清单自由出境，已按国家规定判断。"
            )
        candidates = (
            hits if candidates is None else {c: candidates[c] for c in candidates if c in hits}
        )
    covering = tuple((candidates or {}).values())
    if not covering and not warnings:
        warnings.append(
            f"{where}.fields: 数据字段分属不同的一般数据清单条目，没有一个条目覆盖全部字段，"
            "已按国家规定判断。"
        )
    for entry in covering:
        warnings.extend(f"{where}: 条目 {entry.code} 的条件：{c}" for c in entry.conditions)
    return Match(codes=tuple(e.code for e in covering), general=covering, warnings=tuple(warnings))
