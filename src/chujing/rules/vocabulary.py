"""The data-element vocabulary (contract v2 §3): field names, synonyms and the scanner's
column kinds mapped to elements, so that 车主姓名, 客户姓名 and `person_name` are one datum.

Matching by meaning must fail safe: a field written another way must never take data off
a list. The vocabulary is indexed once; each list's fields are indexed once per list.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import Field, model_validator

from chujing.rules.lists import Entry, NegativeList
from chujing.rules.models import Strict

PiLevel = Literal["none", "personal", "sensitive"]
_IGNORED = re.compile(r"[\s_\-·•.,，、;；:：/\\|()（）\[\]【】{}<>《》\"'“”‘’]+")
_ASCII = re.compile(r"[a-z0-9]+")
MIN_NEEDLE = 2  # shortest synonym searched for inside a longer field name
READINGS_KEPT = 10_000  # field readings remembered per list (plans repeat the same names)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The comparable form of a field name: NFKC, lower case, no spaces or punctuation
    (cached: the same few names come back in every plan)."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).lower())


class Element(Strict):
    """One kind of datum, whatever it is called."""

    code: str
    name: str
    synonyms: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    pi: PiLevel = "none"
    sensitive_kinds: list[str] = Field(default_factory=list)

    @property
    def spellings(self) -> list[str]:
        """Every way the vocabulary knows this element to be written."""
        return [self.name, self.code, *self.synonyms]


class Hint(Strict):
    """A word part that suggests a sensitive kind in a name the vocabulary does not know."""

    word: str
    kind: str


class VocabularyData(Strict):
    """The elements.yaml file."""

    version: str
    elements: list[Element]
    hints: list[Hint] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_spelling_once(self) -> "VocabularyData":
        owner: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for element in self.elements:
            for spelling in dict.fromkeys(normalise(s) for s in element.spellings):
                if spelling in owner and owner[spelling] != element.code:
                    raise ValueError(
                        f"{spelling!r} belongs to both {owner[spelling]} and {element.code}"
                    )
                owner[spelling] = element.code
            for kind in element.kinds:
                if kind in kinds:
                    raise ValueError(f"kind {kind!r} belongs to {kinds[kind]} and {element.code}")
                kinds[kind] = element.code
        codes = [e.code for e in self.elements]
        if len(set(codes)) != len(codes):
            raise ValueError("an element code appears twice")
        return self


@dataclass(frozen=True)
class FieldKey:
    """What a field means for matching: an element, or (unknown to the vocabulary) its text."""

    key: str
    element: Element | None

    @property
    def label(self) -> str:
        """The field's meaning in Chinese."""
        return self.element.name if self.element else self.key.removeprefix("text:")


@dataclass(frozen=True)
class Reading:
    """What one item field means: its exact key, and the keys found inside it (near matches)."""

    text: str
    exact: FieldKey
    near: tuple[tuple[str, FieldKey], ...]

    @property
    def known(self) -> bool:
        """Whether the vocabulary resolved the field exactly."""
        return self.exact.element is not None


Group = tuple[str, str, int | None, str | None]  # (scope, field key, category, scenario)


@dataclass
class ListIndex:
    """A list's entries by the keys of their fields, grouped the way matching asks for them:
    important data of every scenario; other entries of one scenario, or of all (contract v2
    §3); each of one category, or of any."""

    by_key: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)
    groups: dict[Group, dict[str, Entry]] = field(default_factory=dict)
    keys_of: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    text_keys: dict[str, FieldKey] = field(default_factory=dict)
    readings: dict[str, "Reading"] = field(default_factory=dict)

    def add(self, scenario: str, entry: Entry, key: str) -> None:
        """File one entry under one of its field keys."""
        self.by_key.setdefault(key, []).append((scenario, entry))
        important = entry.data_type == "important_data"
        for category in (entry.category, None):
            scopes: list[Group] = (
                [("important", key, category, None)]
                if important
                else [("scenario", key, category, scenario), ("any", key, category, None)]
            )
            for group in scopes:
                self.groups.setdefault(group, {})[entry.code] = entry

    def matching(
        self, key: str, category: int | None, scenario: str | None
    ) -> tuple[dict[str, Entry], dict[str, Entry]]:
        """The important-data and the other entries a field key reaches for an item of this
        category (None: any) in this scenario (None: every one)."""
        other: Group = (
            ("scenario", key, category, scenario) if scenario else ("any", key, category, None)
        )
        empty: dict[str, Entry] = {}
        important = self.groups.get(("important", key, category, None), empty)
        return important, self.groups.get(other, empty)


class Vocabulary:
    """The data elements, indexed by every normalised spelling and by column kind."""

    def __init__(self, data: VocabularyData) -> None:
        self.version = data.version
        self.elements = {e.code: e for e in data.elements}
        self.hints = [(normalise(h.word), h.kind) for h in data.hints]
        self._by_spelling = {normalise(s): e for e in data.elements for s in e.spellings}
        self._by_kind = {k: e for e in data.elements for k in e.kinds}

    def __len__(self) -> int:
        return len(self.elements)

    @cached_property
    def synonym_count(self) -> int:
        """How many distinct spellings (names, codes and synonyms) the vocabulary knows."""
        return len(self._by_spelling)

    def element(self, text: str) -> Element | None:
        """The element a field name means exactly, if the vocabulary knows it."""
        return self._by_spelling.get(normalise(text))

    def of_kind(self, kind: str) -> Element | None:
        """The element a scanner column kind holds (None for `none` and free text)."""
        return self._by_kind.get(kind)

    def of_column(self, name: str, kind: str) -> Element | None:
        """A scanned column's element: by the kind its values showed, else by its header."""
        return self.of_kind(kind) or self.element(name)

    def key(self, text: str) -> FieldKey:
        """The matching key of a field name."""
        element = self.element(text)
        if element is not None:
            return FieldKey(f"element:{element.code}", element)
        return FieldKey(f"text:{normalise(text)}", None)

    def index(self, lst: NegativeList) -> ListIndex:
        """The list's entries by field key, built once per list and vocabulary version."""
        memo = lst.memo
        cached = memo.get(("vocabulary", self.version))
        if isinstance(cached, ListIndex):
            return cached
        built = ListIndex()
        for scenario, entry in lst.entries():
            built.position[entry.code] = len(built.position)
            built.names[entry.code] = normalise(entry.name)
            keys = built.keys_of.setdefault(entry.code, set())
            for name in entry.fields:
                key = self.key(name)
                if key.element is None:
                    built.text_keys[key.key.removeprefix("text:")] = key
                if key.key not in keys:
                    keys.add(key.key)
                    built.add(scenario.code, entry, key.key)
        memo[("vocabulary", self.version)] = built
        return built

    def read(self, text: str, index: ListIndex) -> Reading:
        """An item field's exact key and, when the vocabulary does not know it, every element
        or list field whose spelling it contains (车主手机号码 ⊇ 手机号)."""
        known = index.readings.get(text)
        if known is not None:
            return known
        exact = self.key(text)
        found: dict[str, tuple[str, FieldKey]] = {}
        if exact.element is None and exact.key not in index.by_key:
            for part in self._parts(normalise(text)):
                element = self._by_spelling.get(part)
                near = FieldKey(f"element:{element.code}", element) if element else None
                near = near or index.text_keys.get(part)
                if near is not None and near.key not in found:
                    found[near.key] = (part, near)
        reading = Reading(text, exact, tuple(found.values()))
        if len(index.readings) < READINGS_KEPT:
            index.readings[text] = reading
        return reading

    @staticmethod
    def _parts(norm: str) -> list[str]:
        """Substrings worth looking up: CJK-bearing runs of 2+ characters and ASCII tokens."""
        parts = [t for t in _ASCII.findall(norm) if len(t) >= MIN_NEEDLE + 1 and t != norm]
        size = len(norm)
        for start in range(size):
            for end in range(start + MIN_NEEDLE, size + 1):
                part = norm[start:end]
                if part != norm and not part.isascii():
                    parts.append(part)
        return parts

    def unknown_list_fields(self, lst: NegativeList) -> list[tuple[tuple[str | int, ...], str]]:
        """The key path and text of every list field the vocabulary does not know."""
        return [
            (("scenarios", si, "entries", ei, "fields", fi), text)
            for si, scenario in enumerate(lst.scenarios)
            for ei, entry in enumerate(scenario.entries)
            for fi, text in enumerate(entry.fields)
            if self.element(text) is None
        ]

    def suggested_kinds(self, text: str) -> set[str]:
        """Sensitive kinds a field or item name suggests: its element's, else its hints'."""
        element = self.element(text)
        if element is not None:
            return set(element.sensitive_kinds)
        norm = normalise(text)
        return {kind for word, kind in self.hints if word in norm}
