"""Column classification: header hints plus a sample of values → kind, PI level, confidence.

Patterns run vectorised (RE2 through Arrow); validators run in Python only on the values a
pattern matched. Examples are masked before they leave this module.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chujing.scan import arrow
from chujing.scan.detectors import Catalogue, Detector, load_catalogue
from chujing.scan.masking import mask
from chujing.scan.normalise import Normaliser
from chujing.scan.validators import Validator, VectorValidator, make_validators, vector_validators

if TYPE_CHECKING:
    import numpy as np
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
    embedded_keys: list[Detector] = field(default_factory=list)
    """For prose: the person-key detectors found inside it (those persons count too)."""
    masked_ratio: float = 0.0
    """The share of values that are masked (``138****8000``): of the kind, but no person."""
    keyable: bool = True
    """Enough whole values to count persons by (a column of masked values has none)."""


@dataclass(frozen=True)
class Match:
    """How a detector fares on a column's values."""

    ratio: float
    """The share of values the pattern and validator accept."""
    masked: float
    """The share of values that are masked in the detector's shape."""
    found: list[str]
    """Some accepted (or else masked) values, for the examples."""


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
        self.vector_validators: dict[str, VectorValidator] = vector_validators(self.catalogue.vocab)
        self.normaliser = Normaliser(self.catalogue)
        self._null_tokens: pa.Array | None = None
        self._regex = {d.id: self.catalogue.regex(d) for d in self.catalogue.detectors}
        self._embedded = [
            (d, re.compile(self.catalogue.embedded_regex(d)))
            for d in self.catalogue.detectors
            if d.embedded
        ]
        self._embedded_candidates = "(?:^|[^0-9A-Za-z._%+\\-])(?:{})(?:[^0-9A-Za-z]|$)".format(
            "|".join(f"(?:{d.pattern})" for d, _ in self._embedded)
        )

    def is_blank(self, values: "pa.Array") -> "pa.Array":
        """True for trimmed values that are null, empty or a null token (无, -, N/A …)."""
        import pyarrow.compute as pc

        if self._null_tokens is None:
            self._null_tokens = arrow.strings(["", *self.catalogue.vocab.null_tokens])
        return pc.or_kleene(pc.is_null(values), pc.is_in(values, value_set=self._null_tokens))

    def regex(self, det: Detector) -> str:
        """The compiled-pattern source (RE2) of a detector."""
        return self._regex[det.id]

    def valid(self, det: Detector, values: "pa.Array") -> "pa.Array":
        """The canonical values a detector accepts, in their canonical form; null elsewhere.

        A vectorised validator decides alone (it implies the detector's pattern: tested);
        otherwise the pattern does (``matches`` adds Python validators on a sample)."""
        import pyarrow.compute as pc

        if det.validator in self.vector_validators:
            return self.vector_validators[det.validator](values)
        ok = arrow.flags(pc.match_substring_regex(values, self._regex[det.id]))
        return pc.if_else(ok, values, arrow.null_string())

    def matches(self, det: Detector, values: "pa.Array") -> Match:
        """How many canonical values a detector accepts, and how many are masked.

        The pattern runs over every sampled value, vectorised validators over all its hits;
        a Python validator over at most ``VALIDATE`` hits, whose pass rate scales the share.
        """
        import pyarrow.compute as pc

        n = len(values)
        masked = self.normaliser.masked(det, values)
        share_masked = (pc.sum(masked).as_py() or 0) / n
        if det.validator in self.vector_validators:
            hit = self.valid(det, values).drop_null()
            found: list[str] = hit.slice(0, VALIDATE).to_pylist()
            ratio = len(hit) / n
        else:
            hit = values.filter(pc.match_substring_regex(values, self._regex[det.id]))
            checked: list[str] = hit.slice(0, VALIDATE).to_pylist()
            found = checked
            if det.validator and checked:
                check = self.validators[det.validator]
                found = [v for v in checked if check(v)]
            ratio = len(hit) / n * len(found) / len(checked) if checked else 0.0
        if not found and share_masked:
            found = values.filter(masked).slice(0, EXAMPLES).to_pylist()
        return Match(ratio, share_masked, found)

    def classify(self, name: str, column: "pa.Array") -> ColumnResult:
        """Classify one column from its sampled values."""
        import pyarrow.compute as pc

        text = self.normaliser.canonical(column.drop_null(), "text")
        text = text.filter(pc.invert(self.is_blank(text)))
        n = len(text)
        if n == 0:
            return ColumnResult(name, "none", "none", [], 0.0, 0.0)
        header = header_tokens(name)
        d = self.catalogue.defaults
        canonical = {"text": text}
        best: tuple[float, Detector, Match, bool] | None = None
        top_ratio = 0.0
        for det in self.catalogue.detectors:
            hinted = hints(header, det.headers_zh, det.headers_en)
            if det.header_required and not hinted:
                continue
            if det.headers_exclude and hints(header, det.headers_exclude, []):
                continue
            if det.normalise not in canonical:
                canonical[det.normalise] = self.normaliser.canonical(text, det.normalise)
            match = self.matches(det, canonical[det.normalise])
            share = match.ratio + match.masked
            top_ratio = max(top_ratio, share)
            if share < (d.header_min_ratio if hinted else d.min_ratio):
                continue
            score = share + (HEADER_TIEBREAK if hinted else 0.0)
            if best is None or score > best[0]:
                best = (score, det, match, hinted)
        if best is None:
            return self._free_text(name, header, text) or ColumnResult(
                name, "none", "none", [], round(1 - top_ratio, 2), round(top_ratio, 3)
            )
        _, det, match, hinted = best
        share = match.ratio + match.masked
        base = min(0.99, det.confidence + (d.header_boost if hinted else 0.0))
        return ColumnResult(
            name=name,
            kind=det.kind,
            pi=det.pi,
            sensitive_kinds=list(det.sensitive_kinds),
            confidence=round(base * (0.7 + 0.3 * share), 2),
            match_ratio=round(share, 3),
            examples=_examples(match.found, det),
            detector=det,
            masked_ratio=round(match.masked, 3),
            keyable=match.ratio >= d.key_min_ratio,
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
        for text in self.prose_candidates(values).to_pylist():
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
        keys = [
            det
            for det, _ in self._embedded
            if det.key_rank is not None and by_detector.get(det.id, 0) >= d.free_text_min_hits
        ]
        return ColumnResult(
            name,
            ft.kind,
            "sensitive" if sensitive else ft.pi,
            kinds,
            confidence,
            round(ratio, 3),
            examples,
            embedded_sensitive=sensitive,
            embedded_keys=keys,
        )

    def prose_candidates(self, values: "pa.Array") -> "pa.Array":
        """The values that may hold an embedded PI value beside other text (a superset, in
        RE2): a bare value, all letters and digits, holds none."""
        import pyarrow.compute as pc

        near = pc.match_substring_regex(values, self._embedded_candidates)
        prose = pc.match_substring_regex(values, "[^0-9A-Za-z]")
        return values.filter(arrow.flags(pc.and_(near, prose)))

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

    def text_keys(self, det: Detector, texts: "pa.Array") -> tuple["np.ndarray", "pa.Array"]:
        """Every valid value of a detector inside each text: the row of each, and the values
        in canonical form (an ID in a remark, a phone number written beside a word).

        RE2 finds the candidates and extracts a text's one occurrence; texts with several
        occurrences of the pattern go through the Python search, which finds them all."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        bounded = f"(?:^|[^0-9A-Za-z._%+\\-])(?P<v>{det.pattern})(?:[^0-9A-Za-z]|$)"
        folded = self.normaliser.canonical(texts, "text")
        where = pc.indices_nonzero(arrow.flags(pc.match_substring_regex(folded, bounded)))
        candidates = folded.take(where)
        rows = arrow.ints(where)
        several = pc.greater(pc.count_substring_regex(candidates, det.pattern), arrow.integer(1))
        one = pc.invert(several)
        found_rows = [rows[arrow.mask(one)]]
        found = [pc.struct_field(pc.extract_regex(candidates.filter(one), bounded), "v")]
        if pc.any(several).as_py():
            rx = next(r for d, r in self._embedded if d.id == det.id)
            many_rows: list[int] = []
            many: list[str] = []
            many_where = rows[arrow.mask(several)]
            for i, text in zip(many_where, candidates.filter(several).to_pylist(), strict=True):
                for m in rx.finditer(text):
                    many_rows.append(int(i))
                    many.append(m.group(0))
            found_rows.append(np.asarray(many_rows, dtype=np.int64))
            found.append(arrow.strings(many))
        values = pa.concat_arrays(found) if len(found) > 1 else found[0]
        keys = self.valid(det, self.normaliser.canonical(values, det.normalise))
        ok = pc.is_valid(keys)
        all_rows = np.concatenate(found_rows)
        return all_rows[arrow.mask(ok)], keys.filter(ok)

    def text_hits(self, det: Detector, column: "pa.Array") -> "pa.Array":
        """Per row: whether a validated value of ``det`` occurs inside the text."""
        import numpy as np
        import pyarrow.compute as pc

        boundary = f"(?:^|[^0-9A-Za-z])(?:{det.pattern})(?:[^0-9A-Za-z]|$)"
        candidates = arrow.flags(pc.match_substring_regex(column, boundary))
        result = [False] * len(column)
        rx = next(r for d, r in self._embedded if d.id == det.id)
        texts = column.to_pylist()
        for i in pc.indices_nonzero(candidates).to_pylist():
            result[i] = any(self._accepts_embedded(det, m.group(0)) for m in rx.finditer(texts[i]))
        return arrow.bools(np.asarray(result, dtype=bool))


def _examples(found: list[str], det: Detector) -> list[str]:
    out: list[str] = []
    for value in found:
        shown = mask(value, det.mask)
        if shown not in out:
            out.append(shown)
        if len(out) == EXAMPLES:
            break
    return out
