"""The detector catalogue (``data/detectors.yaml``) as typed, validated objects."""

import importlib
import re
import warnings
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chujing.rules.models import MAX_CATEGORY

Kind = Literal[
    "person_name",
    "cn_resident_id",
    "passport",
    "hk_macao_taiwan_permit",
    "mobile_phone",
    "landline_phone",
    "email",
    "bank_card",
    "address",
    "geo_coordinate",
    "license_plate",
    "vin",
    "ip_address",
    "medical",
    "biometric",
    "religion",
    "ethnicity",
    "birth_date",
    "uscc",
    "free_text_with_pi",
    "none",
]
PiLevel = Literal["none", "personal", "sensitive"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mask(_Strict):
    """How many characters of an example stay visible."""

    start: int = 1
    end: int = 0
    keep_after: str | None = None


class Detector(_Strict):
    """One detector: a pattern, an optional validator, header hints and a confidence."""

    id: str
    kind: Kind
    pi: PiLevel
    sensitive_kinds: list[str] = Field(default_factory=list)
    pattern: str
    match: Literal["full", "search"] = "full"
    validator: str | None = None
    headers_zh: list[str] = Field(default_factory=list)
    headers_en: list[str] = Field(default_factory=list)
    headers_exclude: list[str] = Field(default_factory=list)
    header_required: bool = False
    confidence: float = Field(gt=0, le=1)
    embedded: bool = False
    key_rank: int | None = None
    key_with: str | None = None
    normalise: Literal["text", "upper", "lower", "compact", "digits", "phone"] = "text"
    """The canonical spelling values take before matching and counting (normalise.py)."""
    masked: str | None = None
    """The shape of a masked value (``138****8000``): counted as masked, never as a person."""
    annex_category: int | None = Field(default=None, ge=1, le=MAX_CATEGORY)
    mask: Mask = Field(default_factory=Mask)


class FreeText(_Strict):
    """Columns of prose in which embedded detectors find PI."""

    kind: Kind
    pi: PiLevel
    headers_zh: list[str]
    headers_en: list[str]
    confidence: float


class Defaults(_Strict):
    """Thresholds shared by all detectors."""

    min_ratio: float
    header_min_ratio: float
    header_boost: float
    free_text_min_ratio: float
    free_text_min_hits: int
    key_min_ratio: float
    """A column counts persons only when this share of its values are whole (not masked)."""


class NormaliseRules(_Strict):
    """How values are made canonical (normalise.py)."""

    separators: str
    """Characters removed from inside identifiers."""
    phone_prefix: str


class Vocab(_Strict):
    """Word lists that validators and patterns refer to."""

    null_tokens: list[str]
    province_codes: list[int]
    bank_bin_prefixes: list[str]
    surnames: str
    compound_surnames: list[str]
    name_stop_suffixes: list[str]
    medical_terms: list[str]
    religions: list[str]
    ethnicities: list[str]


class Catalogue(_Strict):
    """The whole detector file."""

    version: int
    defaults: Defaults
    normalise: NormaliseRules
    free_text: FreeText
    detectors: list[Detector]
    vocab: Vocab
    labels: dict[str, str]

    def label(self, code: str) -> str:
        """The Chinese label of a kind or PI level (the code itself when unknown)."""
        return self.labels.get(code, code)

    def regex(self, det: Detector) -> str:
        """The RE2 pattern of a detector, anchored for full matches, word lists filled in."""
        fills = {
            "medical_terms": self.vocab.medical_terms,
            "religions": self.vocab.religions,
            "ethnicities": self.vocab.ethnicities,
        }
        pattern = det.pattern
        for name, words in fills.items():
            alternatives = (rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words)
            pattern = pattern.replace("{" + name + "}", "|".join(alternatives))
        return f"^(?:{pattern})$" if det.match == "full" else pattern

    def embedded_regex(self, det: Detector) -> str:
        """A Python pattern finding a detector's values inside prose."""
        return rf"(?<![0-9A-Za-z._%+\-])(?:{det.pattern})(?![0-9A-Za-z])"

    def by_kind(self, kind: str) -> Detector:
        """The first detector of a kind."""
        return next(d for d in self.detectors if d.kind == kind)


def _parsed(pattern: str) -> "tuple[Any, int, int] | None":
    """A pattern parsed by the standard library's own parser, with the shortest and longest
    match in characters (as RE2 reads the pattern: one character per atom); None for what it
    cannot read (RE2's ``\\p{Han}``) or for flags under which the two engines differ."""
    if "[:" in pattern or "\\Q" in pattern:  # RE2's [[:alpha:]] and \Q…\E, not Python's
        return None
    parser = importlib.import_module("re._parser")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like: unsure
            tree = parser.parse(pattern)
            lo, hi = tree.getwidth()
    except (re.error, OverflowError, RecursionError, Warning):
        return None
    if tree.state.flags & (re.IGNORECASE | re.DOTALL | re.MULTILINE | re.VERBOSE):
        return None  # RE2 folds case over all of Unicode (``k`` matches the Kelvin sign)
    return tree, lo, min(hi, MAX_RUN)


def pattern_widths(pattern: str) -> tuple[int, int] | None:
    """The shortest and longest match of a pattern, in characters (``MAX_RUN`` when it is
    not bounded), or None when not known."""
    parsed = _parsed(pattern)
    return None if parsed is None else (parsed[1], parsed[2])


def alnum_widths(pattern: str) -> tuple[int, int] | None:
    """The shortest and longest match of a pattern that matches only ASCII letters and
    digits (an ID number's), else None: its values inside prose are then whole runs of
    letters and digits, found without a regex (``arrow.alnum_runs``)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    tree, lo, hi = parsed
    return (lo, hi) if lo > 0 and _only_alnum(tree) else None


MAX_RUN = 1 << 20  # an unbounded repetition: no run inside a cell is longer
_ALNUM_CHARS = frozenset(map(ord, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
_RANGES = ((ord("0"), ord("9")), (ord("A"), ord("Z")), (ord("a"), ord("z")))


def _only_alnum(tree: object) -> bool:
    """Whether every character a parsed pattern can match is an ASCII letter or digit (as
    RE2 reads it: ``\\d`` is ``[0-9]``)."""
    c = importlib.import_module("re._constants")

    for op, arg in tree:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            ok = arg in _ALNUM_CHARS
        elif op is c.IN:
            ok = all(
                (kind is c.LITERAL and value in _ALNUM_CHARS)
                or (kind is c.RANGE and any(a <= value[0] and value[1] <= b for a, b in _RANGES))
                or (kind is c.CATEGORY and value is c.CATEGORY_DIGIT)
                for kind, value in arg
            )
        elif op is c.BRANCH:
            ok = all(_only_alnum(branch) for branch in arg[1])
        elif op is c.SUBPATTERN:
            ok = not arg[1] and not arg[2] and _only_alnum(arg[3])  # no inline flags
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            ok = _only_alnum(arg[2])
        else:  # anchors, any character, negated sets, look-arounds, references
            ok = False
        if not ok:
            return False
    return True


class CatalogueError(Exception):
    """The detector file is invalid (a packaging error, caught by the tests)."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml where PyYAML has it: the pure-Python loader costs a fifth of a small scan."""


@cache
def load_catalogue() -> Catalogue:
    """The shipped detector catalogue, parsed once."""
    text = resources.files("chujing.scan").joinpath("data/detectors.yaml").read_text("utf-8")
    try:
        return Catalogue.model_validate(yaml.load(text, Loader=_LOADER))
    except ValidationError as exc:
        raise CatalogueError(f"detectors.yaml: {exc}") from None
