"""Column classification: header hints plus a sample of values → kind, PI level, confidence.

Patterns run vectorised (RE2 through Arrow); validators run in Python only on the values a
pattern matched. Examples are masked before they leave this module.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chujing.scan.detectors import Catalogue, Detector, load_catalogue
from chujing.scan.masking import mask
from chujing.scan.validators import Validator, make_validators

if TYPE_CHECKING:
    import pyarrow as pa

EXAMPLES = 3
VALIDATE = 2000
HEADER_TIEBREAK = 0.15


@dataclass
class ColumnResult:
    """What a column holds, as far as the sample tells."""

    name: str
    kind: str
    pi: str
    sensitive_kinds: list[str]
    confidence: float
    match_ratio: float
    examples: list[str] = field(default_factory=list)
    detector: Detector | None = None
    embedded_sensitive: list[Detector] = field(default_factory=list)
    """For prose: the sensitive detectors found inside it (a row is sensitive where they hit)."""


def header_tokens(header: str) -> tuple[str, str]:
    """The header as written (for Chinese keywords) and as ``_ascii_tokens_``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", header)
    tokens = re.findall(r"[a-z]+|[0-9]+", spaced.lower())
    return header, "_" + "_".join(tokens) + "_"


def hints(header: tuple[str, str], zh: list[str], en: list[str]) -> bool:
    """Whether a header names one of the keywords (ASCII ones as whole tokens)."""
    raw, ascii_ = header
    for word in (*zh, *en):
        if word.isascii():
            if f"_{word.lower()}_" in ascii_:
                return True
        elif word in raw:
            return True
    return False


class Classifier:
    """Classifies sampled columns with the detector catalogue."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or load_catalogue()
        self.validators: dict[str, Validator] = make_validators(self.catalogue.vocab)
        self._null_tokens: pa.Array | None = None
        self._regex = {d.id: self.catalogue.regex(d) for d in self.catalogue.detectors}
        self._embedded = [
            (d, re.compile(self.catalogue.embedded_regex(d)))
            for d in self.catalogue.detectors
            if d.embedded
        ]

    def is_blank(self, values: "pa.Array") -> "pa.Array":
        """True for trimmed values that are null, empty or a null token (无, -, N/A …)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._null_tokens is None:
            self._null_tokens = pa.array(["", *self.catalogue.vocab.null_tokens], pa.string())
        return pc.or_kleene(pc.is_null(values), pc.is_in(values, value_set=self._null_tokens))

    def regex(self, det: Detector) -> str:
        """The compiled-pattern source (RE2) of a detector."""
        return self._regex[det.id]

    def matches(self, det: Detector, values: "pa.Array") -> tuple[float, list[str]]:
        """The share of values a detector accepts, and some accepted values.

        The pattern runs over every sampled value; the (slower, Python) validator over at
        most ``VALIDATE`` of the pattern's hits, whose pass rate scales the pattern's share.
        """
        import pyarrow.compute as pc

        hit = values.filter(pc.match_substring_regex(values, self._regex[det.id]))
        if not len(hit):
            return 0.0, []
        checked: list[str] = hit.slice(0, VALIDATE).to_pylist()
        found = checked
        if det.validator:
            check = self.validators[det.validator]
            found = [v for v in checked if check(v)]
        return len(hit) / len(values) * len(found) / len(checked), found

    def classify(self, name: str, column: "pa.Array") -> ColumnResult:
        """Classify one column from its sampled values."""
        import pyarrow.compute as pc

        values = pc.utf8_trim_whitespace(column.drop_null())
        values = values.filter(pc.invert(self.is_blank(values)))
        n = len(values)
        if n == 0:
            return ColumnResult(name, "none", "none", [], 0.0, 0.0)
        header = header_tokens(name)
        d = self.catalogue.defaults
        best: tuple[float, Detector, float, bool, list[str]] | None = None
        top_ratio = 0.0
        for det in self.catalogue.detectors:
            hinted = hints(header, det.headers_zh, det.headers_en)
            if det.header_required and not hinted:
                continue
            if det.headers_exclude and hints(header, det.headers_exclude, []):
                continue
            ratio, found = self.matches(det, values)
            top_ratio = max(top_ratio, ratio)
            if ratio < (d.header_min_ratio if hinted else d.min_ratio):
                continue
            score = ratio + (HEADER_TIEBREAK if hinted else 0.0)
            if best is None or score > best[0]:
                best = (score, det, ratio, hinted, found)
        if best is None:
            return self._free_text(name, header, values) or ColumnResult(
                name, "none", "none", [], round(1 - top_ratio, 2), round(top_ratio, 3)
            )
        _, det, ratio, hinted, found = best
        base = min(0.99, det.confidence + (d.header_boost if hinted else 0.0))
        return ColumnResult(
            name=name,
            kind=det.kind,
            pi=det.pi,
            sensitive_kinds=list(det.sensitive_kinds),
            confidence=round(base * (0.7 + 0.3 * ratio), 2),
            match_ratio=round(ratio, 3),
            examples=_examples(found, det),
            detector=det,
        )

    def _free_text(
        self, name: str, header: tuple[str, str], values: "pa.Array"
    ) -> ColumnResult | None:
        """PI embedded in prose: a phone, an ID, an e-mail or a card number inside a remark.

        When sensitive PI (a card number) is found in enough values, the column is sensitive.
        """
        ft = self.catalogue.free_text
        d = self.catalogue.defaults
        hits = 0
        by_detector: dict[str, int] = {}
        examples: list[str] = []
        for text in values.to_pylist():
            found = [(det, v) for det, v in self.embedded_all(text) if len(text) > len(v) + 1]
            if not found:  # a bare value is no prose
                continue
            hits += 1
            for det, value in found:
                by_detector[det.id] = by_detector.get(det.id, 0) + 1
                shown = mask(value, det.mask)
                if len(examples) < EXAMPLES and shown not in examples:
                    examples.append(shown)
        ratio = hits / len(values)
        if hits < d.free_text_min_hits or ratio < d.free_text_min_ratio:
            return None
        hinted = hints(header, ft.headers_zh, ft.headers_en)
        base = min(0.99, ft.confidence + (d.header_boost if hinted else 0.0))
        confidence = round(base * (0.7 + 0.3 * min(1.0, ratio * 4)), 2)
        sensitive = [
            det
            for det, _ in self._embedded
            if det.pi == "sensitive" and by_detector.get(det.id, 0) >= d.free_text_min_hits
        ]
        kinds = sorted({k for det in sensitive for k in det.sensitive_kinds})
        return ColumnResult(
            name,
            ft.kind,
            "sensitive" if sensitive else ft.pi,
            kinds,
            confidence,
            round(ratio, 3),
            examples,
            embedded_sensitive=sensitive,
        )

    def embedded(self, text: str) -> tuple[Detector, str] | None:
        """The first validated PI value inside a text, with its detector."""
        return next(iter(self.embedded_all(text)), None)

    def embedded_all(self, text: str) -> list[tuple[Detector, str]]:
        """Every detector's first validated PI value inside a text."""
        out = []
        for det, rx in self._embedded:
            for m in rx.finditer(text):
                if self._accepts_embedded(det, m.group(0)):
                    out.append((det, m.group(0)))
                    break
        return out

    def _accepts_embedded(self, det: Detector, value: str) -> bool:
        """A validated value that no earlier (stronger) embedded detector claims: an ID
        number whose digits happen to pass Luhn is an ID, not a card."""
        if det.validator and not self.validators[det.validator](value):
            return False
        for earlier, rx in self._embedded:
            if earlier.id == det.id:
                return True
            if rx.fullmatch(value) and (
                earlier.validator is None or self.validators[earlier.validator](value)
            ):
                return False
        return True

    def text_hits(self, det: Detector, column: "pa.Array") -> "pa.Array":
        """Per row: whether a validated value of ``det`` occurs inside the text."""
        import pyarrow as pa
        import pyarrow.compute as pc

        boundary = f"(?:^|[^0-9A-Za-z])(?:{det.pattern})(?:[^0-9A-Za-z]|$)"
        candidates = pc.fill_null(pc.match_substring_regex(column, boundary), False)
        result = [False] * len(column)
        rx = next(r for d, r in self._embedded if d.id == det.id)
        texts = column.to_pylist()
        for i in pc.indices_nonzero(candidates).to_pylist():
            result[i] = any(self._accepts_embedded(det, m.group(0)) for m in rx.finditer(texts[i]))
        return pa.array(result, pa.bool_())


def _examples(found: list[str], det: Detector) -> list[str]:
    out: list[str] = []
    for value in found:
        shown = mask(value, det.mask)
        if shown not in out:
            out.append(shown)
        if len(out) == EXAMPLES:
            break
    return out
