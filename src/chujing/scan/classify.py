"""Column classification: header hints plus a sample of values → kind, PI level, confidence.

Patterns run vectorised (RE2 through Arrow); validators run in Python only on the values a
pattern matched. Examples are masked before they leave this module.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chujing.ids.arrays import byte_lengths, valid_mask
from chujing.scan import arrow
from chujing.scan.detectors import (
    MAX_RUN,
    Catalogue,
    Detector,
    alnum_widths,
    load_catalogue,
    pattern_widths,
)
from chujing.scan.masking import mask
from chujing.scan.normalise import FOLDED, Normaliser
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
        self._token_bytes = 0
        self._regex = {d.id: self.catalogue.regex(d) for d in self.catalogue.detectors}
        self._embedded = [
            (d, re.compile(self.catalogue.embedded_regex(d)))
            for d in self.catalogue.detectors
            if d.embedded
        ]
        self._near = {
            d.id: f"(?:^|[^0-9A-Za-z._%+\\-])(?:{d.pattern})(?:[^0-9A-Za-z]|$)|{FOLDED}"
            for d, _ in self._embedded
        }
        """Texts that may name a value of the detector once folded (``text_keys``)."""
        self._widths = {d.id: self._match_widths(d) for d in self.catalogue.detectors}
        """The lengths of the values each detector can match, where the pattern bounds them."""
        self._runs = {
            d.id: widths for d, _ in self._embedded if (widths := alnum_widths(d.pattern))
        }
        """Detectors whose values are runs of letters and digits, with their lengths."""
        self._embedded_candidates = "(?:^|[^0-9A-Za-z._%+\\-])(?:{})(?:[^0-9A-Za-z]|$)".format(
            "|".join(f"(?:{d.pattern})" for d, _ in self._embedded)
        )

    def _match_widths(self, det: Detector) -> tuple[int, int] | None:
        """The shortest and longest value, in characters, that a detector matching whole
        values matches or counts as masked; None when that is not bounded or not known."""
        if det.match != "full":
            return None
        lo, hi = MAX_RUN, 0
        for pattern in (self.catalogue.regex(det), det.masked):
            if pattern is None:
                continue
            widths = pattern_widths(pattern)
            if widths is None:
                return None
            lo, hi = min(lo, widths[0]), max(hi, widths[1])
        return (lo, hi) if hi < MAX_RUN else None

    def is_blank(self, values: "pa.Array") -> "pa.Array":
        """True for trimmed values that are null, empty or a null token (无, -, N/A …)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._null_tokens is None:
            tokens = ["", *self.catalogue.vocab.null_tokens]
            self._null_tokens = arrow.strings(tokens)
            self._token_bytes = max(len(t.encode()) for t in tokens)
        # only values as short as a token can be one: the set is looked up for those alone
        if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
            return pc.or_kleene(pc.is_null(values), pc.is_in(values, value_set=self._null_tokens))
        lengths = byte_lengths(values)  # -1 for null
        blank = lengths < 0
        short = np.flatnonzero(~blank & (lengths <= self._token_bytes))
        token = pc.is_in(values.take(arrow.indices(short)), value_set=self._null_tokens)
        blank[short[arrow.mask(token)]] = True
        return arrow.bools(blank)

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

    def matches(
        self,
        det: Detector,
        values: "pa.Array",
        bounds: "np.ndarray",
        totals: "np.ndarray | None" = None,
    ) -> list[Match]:
        """How a detector fares on each of several columns' canonical values, concatenated
        (column ``i`` is ``values[bounds[i]:bounds[i + 1]]``): one regex pass for them all.
        With ``totals``, the values are those of each column's ``totals[i]`` that may match
        (``lengths``): the shares are of the totals.

        Vectorised validators check every hit; a Python validator at most ``VALIDATE`` hits
        per column, whose pass rate scales the pattern's share.
        """
        import numpy as np
        import pyarrow.compute as pc

        starts, sizes = bounds[:-1], np.diff(bounds)
        totals = sizes if totals is None else totals
        masked = arrow.mask(self.normaliser.masked(det, values))
        column_of = np.repeat(np.arange(len(sizes)), sizes)
        share_masked = np.bincount(column_of[masked], minlength=len(sizes)) / totals
        if det.validator in self.vector_validators:
            accepted = self.valid(det, values)
            ok = arrow.mask(pc.is_valid(accepted))
        else:
            accepted = values
            ok = arrow.mask(pc.match_substring_regex(values, self._regex[det.id]))
        check = self.validators[det.validator] if det.validator else None
        out = []
        for i, (start, size) in enumerate(zip(starts, sizes, strict=True)):
            where = np.flatnonzero(ok[start : start + size])
            found: list[str] = accepted.take(arrow.indices(where[:VALIDATE] + start)).to_pylist()
            ratio = len(where) / totals[i]
            if check and det.validator not in self.vector_validators and found:
                passed = [v for v in found if check(v)]
                ratio *= len(passed) / len(found)
                found = passed
            if not found and share_masked[i]:
                hidden = np.flatnonzero(masked[start : start + size])[:EXAMPLES] + start
                found = values.take(arrow.indices(hidden)).to_pylist()
            out.append(Match(ratio, float(share_masked[i]), found))
        return out

    def classify(self, name: str, column: "pa.Array") -> ColumnResult:
        """Classify one column from its sampled values."""
        return self.classify_all([(name, column)])[0]

    def classify_all(self, columns: list[tuple[str, "pa.Array"]]) -> list[ColumnResult]:
        """Classify columns from their sampled values; each detector's pattern runs once over
        the values of all the columns it may apply to (compiling a regex costs more than
        running it over a sample)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        raw = [column.drop_null() for _, column in columns]
        owner = np.repeat(np.arange(len(raw)), [len(r) for r in raw])
        text = self.normaliser.canonical(
            pa.concat_arrays(raw) if raw else arrow.strings([]), "text"
        )
        filled = arrow.mask(pc.invert(self.is_blank(text)))
        everything = text.filter(arrow.bools(filled))
        sizes = np.bincount(owner[filled], minlength=len(raw)).astype(np.int64)
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        texts = [everything.slice(bounds[i], sizes[i]) for i in range(len(raw))]
        headers = [header_tokens(name) for name, _ in columns]
        d = self.catalogue.defaults
        styles = self.normaliser.styles(everything, {d.normalise for d in self.catalogue.detectors})
        measured: dict[str, np.ndarray] = {}

        def lengths(style: str) -> np.ndarray:
            """The length in characters of each value in a style (-1 for null)."""
            if style not in measured:
                counted = pc.utf8_length(styles[style])
                measured[style] = np.where(valid_mask(counted), arrow.ints(counted), -1)
            return measured[style]

        best: list[tuple[float, Detector, Match, bool] | None] = [None] * len(columns)
        top = [0.0] * len(columns)
        for det in self.catalogue.detectors:
            hinted = [hints(h, det.headers_zh, det.headers_en) for h in headers]
            chosen = [
                i
                for i, h in enumerate(headers)
                if sizes[i]
                and (hinted[i] or not det.header_required)
                and not (det.headers_exclude and hints(h, det.headers_exclude, []))
            ]
            if not chosen:
                continue
            values, fits = styles[det.normalise], lengths(det.normalise)
            if len(chosen) < len(columns):
                values = pa.concat_arrays([values.slice(bounds[i], sizes[i]) for i in chosen])
                fits = np.concatenate([fits[bounds[i] : bounds[i + 1]] for i in chosen])
            widths = self._widths[det.id]
            totals = sizes[chosen]
            if widths is not None:  # only values of a length the detector can match
                keep = (fits >= widths[0]) & (fits <= widths[1])
                owner_of = np.repeat(np.arange(len(chosen)), totals)
                kept = np.bincount(owner_of[keep], minlength=len(chosen))
                part = np.concatenate([[0], np.cumsum(kept)])
                values = values.filter(arrow.bools(keep))
            else:
                part = np.concatenate([[0], np.cumsum(totals)])
            for i, match in zip(chosen, self.matches(det, values, part, totals), strict=True):
                share = match.ratio + match.masked
                top[i] = max(top[i], share)
                if share < (d.header_min_ratio if hinted[i] else d.min_ratio):
                    continue
                score = share + (HEADER_TIEBREAK if hinted[i] else 0.0)
                current = best[i]
                if current is None or score > current[0]:
                    best[i] = (score, det, match, hinted[i])
        return [
            self._result(name, headers[i], texts[i], best[i], top[i])
            for i, (name, _) in enumerate(columns)
        ]

    def _result(
        self,
        name: str,
        header: tuple[str, str],
        text: "pa.Array",
        best: tuple[float, Detector, Match, bool] | None,
        top_ratio: float,
    ) -> ColumnResult:
        """A column's result from its best detector (or prose, or nothing)."""
        if not len(text):
            return ColumnResult(name, "none", "none", [], 0.0, 0.0)
        if best is None:
            return self._free_text(name, header, text) or ColumnResult(
                name, "none", "none", [], round(1 - top_ratio, 2), round(top_ratio, 3)
            )
        d = self.catalogue.defaults
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
        occurrences of the pattern go through the Python search, which finds them all.
        Only texts holding an occurrence, or a character that folding may turn into part of
        one (``normalise.FOLDED``), are folded and searched again: one pass over the rest."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        near = pc.indices_nonzero(arrow.flags(pc.match_substring_regex(texts, self._near[det.id])))
        folded = self.normaliser.canonical(texts.take(near), "text")
        widths = self._runs.get(det.id)
        if widths is not None:  # the values are whole runs of letters and digits
            rows, runs = arrow.alnum_runs(folded, *widths, not_after=b"._%+-")
            whole = arrow.flags(pc.match_substring_regex(runs, f"^(?:{det.pattern})$"))
            found = arrow.ints(near)[rows[arrow.mask(whole)]]
            return self._valid_inside(det, found, runs.filter(whole))
        bounded = f"(?:^|[^0-9A-Za-z._%+\\-])(?P<v>{det.pattern})(?:[^0-9A-Za-z]|$)"
        hit = pc.indices_nonzero(arrow.flags(pc.match_substring_regex(folded, bounded)))
        candidates = folded.take(hit)
        rows = arrow.ints(near)[arrow.ints(hit)]
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
        return self._valid_inside(det, np.concatenate(found_rows), values)

    def _valid_inside(
        self, det: Detector, rows: "np.ndarray", values: "pa.Array"
    ) -> tuple["np.ndarray", "pa.Array"]:
        """The values found inside texts that the detector accepts, canonical, with rows."""
        import pyarrow.compute as pc

        keys = self.valid(det, self.normaliser.canonical(values, det.normalise))
        ok = pc.is_valid(keys)
        return rows[arrow.mask(ok)], keys.filter(ok)

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
