"""Canonical spellings of the values real tables hold, before they are validated or counted.

Full-width digits and letters (NFKC), separators inside identifiers (``500101 19900101
123X``, ``138-0013-8000``), a lower-case ``x``, the ``+86``/``0086``/``86-`` prefix of a
mobile: each detector names its style (``normalise`` in the detector file), so that the same
person written three ways is one key. Masked values (``138****8000``) are recognised by the
detector's ``masked`` pattern: counted as masked, never as persons. All vectorised (Arrow).
"""

from typing import TYPE_CHECKING

from chujing.scan import arrow
from chujing.scan.detectors import Catalogue, Detector

if TYPE_CHECKING:
    import pyarrow as pa

MASK_MARK = "*"  # NFKC folds the full-width ＊ into it
FOLDED = (
    "[\\x{3000}\\x{00A0}\\x{00B2}\\x{00B3}\\x{00B9}\\x{1680}\\x{2000}-\\x{200B}\\x{2028}"
    "\\x{2029}\\x{205F}\\x{2070}-\\x{209F}"
    "\\x{2460}-\\x{24FF}\\x{FE50}-\\x{FE6B}\\x{FF01}-\\x{FF0B}\\x{FF0D}-\\x{FF5E}"
    "\\x{1D400}-\\x{1D7FF}]"
)
"""Characters NFKC turns into the ASCII of identifiers — full-width forms (but the full-width
comma, a separator either way), odd spaces, circled, super- and subscript digits: only values
holding one are normalised (NFKC over every value of a column costs more than the scan)."""


class Normaliser:
    """The catalogue's normalisation rules, applied to Arrow string arrays."""

    def __init__(self, catalogue: Catalogue) -> None:
        rules = catalogue.normalise
        self._separators = rules.separators
        self._phone_prefix = rules.phone_prefix
        wide = "".join(c for c in rules.separators if not c.isascii())
        self._identifier = f"^[\\x00-\\x7f{wide}]*$"
        self._masked = {
            d.id: f"^(?:{d.masked})$" for d in catalogue.detectors if d.masked is not None
        }

    def canonical(self, values: "pa.Array", style: str) -> "pa.Array":
        """Values in the canonical spelling of a style (trimmed; nulls stay null)."""
        import pyarrow.compute as pc

        v = pc.ascii_trim_whitespace(values)
        if not pc.all(pc.string_is_ascii(v)).as_py():
            folded = arrow.flags(pc.match_substring_regex(v, FOLDED))
            if pc.any(folded).as_py():
                fixed = pc.utf8_trim_whitespace(pc.utf8_normalize(v.filter(folded), "NFKC"))
                v = pc.replace_with_mask(v, folded, fixed)
        return self.styles(v, {style})[style]

    def styles(self, text: "pa.Array", wanted: set[str]) -> dict[str, "pa.Array"]:
        """Values already in the ``text`` style in each wanted style; the styles that remove
        separators share that pass."""
        import pyarrow.compute as pc

        out = {"text": text}
        compact = self._compact(text) if wanted & {"compact", "phone", "digits"} else text
        for style in wanted - {"text"}:
            if style == "lower":
                out[style] = pc.utf8_lower(text)
            elif style == "upper":
                out[style] = _upper(text)
            elif style == "compact":
                out[style] = _upper(compact)
            elif style == "phone":
                out[style] = pc.replace_substring_regex(compact, self._phone_prefix, r"\1")
            else:
                out[style] = compact
        return out

    def _compact(self, values: "pa.Array") -> "pa.Array":
        """Separators removed — from ASCII values not all letters and digits: identifiers
        are ASCII once folded, and the regex pass is the costly part."""
        import pyarrow.compute as pc

        plain = pc.fill_null(pc.ascii_is_alnum(values), arrow.true())
        ascii_ = pc.fill_null(pc.string_is_ascii(values), arrow.false())
        other = pc.and_(pc.invert(plain), ascii_)
        wide = pc.invert(pc.or_(plain, ascii_))
        if pc.any(wide).as_py():  # separators beyond ASCII (·, ‐, —) in an otherwise ASCII value
            spelled = arrow.flags(pc.match_substring_regex(values.filter(wide), self._identifier))
            other = pc.or_(other, pc.replace_with_mask(wide, wide, spelled))
        if not pc.any(other).as_py():
            return values
        fixed = values.filter(other)
        for mark in self._separators:  # literal replacements: several times a regex's speed
            fixed = pc.replace_substring(fixed, mark, "")
        return pc.replace_with_mask(values, other, fixed)

    def masked(self, det: Detector, canonical: "pa.Array") -> "pa.Array":
        """Per value: masked (``138****8000``) in the detector's shape; False if it has none."""
        import numpy as np
        import pyarrow.compute as pc

        pattern = self._masked.get(det.id)
        if pattern is None:
            return arrow.bools(np.zeros(len(canonical), dtype=bool))
        marked = arrow.flags(pc.match_substring(canonical, MASK_MARK))
        if not pc.any(marked).as_py():
            return marked
        shaped = arrow.flags(pc.match_substring_regex(canonical.filter(marked), pattern))
        return pc.replace_with_mask(marked, marked, shaped)


def _upper(values: "pa.Array") -> "pa.Array":
    import pyarrow.compute as pc

    if pc.all(pc.string_is_ascii(values)).as_py():
        return pc.ascii_upper(values)
    return pc.utf8_upper(values)
