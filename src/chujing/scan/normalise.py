"""Canonical spellings of the values real tables hold, before they are validated or counted.

Full-width digits and letters (NFKC), separators inside identifiers (``500101 19900101
123X``, ``138-0013-8000``), a lower-case ``x``, the ``+86``/``0086``/``86-`` prefix of a
mobile: each detector names its style (``normalise`` in the detector file), so that the same
person written three ways is one key. Masked values (``138****8000``) are recognised by the
detector's ``masked`` pattern: counted as masked, never as persons. All vectorised (Arrow).
"""

from typing import TYPE_CHECKING

import numpy as np

from chujing.scan import arrow
from chujing.scan.detectors import Catalogue, Detector

if TYPE_CHECKING:
    import pyarrow as pa

SEPARATED = frozenset({"compact", "phone", "digits"})
"""The styles that remove separators."""
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
        self._wide_separators = [c for c in rules.separators if not c.isascii()]
        self._ascii_drop = np.zeros(256, dtype=bool)
        self._ascii_drop[[ord(c) for c in rules.separators if c.isascii()]] = True
        self._phone_prefix = rules.phone_prefix
        wide = "".join(c for c in rules.separators if not c.isascii())
        self._identifier = f"^[\\x00-\\x7f{wide}]*$"
        self._masked = {
            d.id: f"^(?:{d.masked})$" for d in catalogue.detectors if d.masked is not None
        }

    def canonical(self, values: "pa.Array", style: str) -> "pa.Array":
        """Values in the canonical spelling of a style (trimmed; nulls stay null).

        A value of ASCII letters and digits only — most of an identifier column — needs
        only the style's last step (upper-casing, the phone prefix): when such values are
        the majority, only the others take the whole path."""
        import pyarrow.compute as pc

        rest = pc.invert(pc.fill_null(pc.ascii_is_alnum(values), arrow.true()))
        count = pc.sum(rest).as_py() or 0
        if not count:
            return self._finish(values, style, ascii_=True)
        if 2 * count > len(values):
            return self._spelled(values, style)
        plain = self._finish(values, style, ascii_=True)  # the others are replaced
        return pc.replace_with_mask(plain, rest, self._spelled(values.filter(rest), style))

    def _spelled(self, values: "pa.Array", style: str) -> "pa.Array":
        """The whole path: trimmed, compatibility forms folded (NFKC), then the style."""
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
        out = {"text": text}
        compact = self._compact(text) if wanted & SEPARATED else text
        for style in wanted - {"text"}:
            out[style] = self._finish(compact if style in SEPARATED else text, style)
        return out

    def _finish(self, values: "pa.Array", style: str, ascii_: bool = False) -> "pa.Array":
        """A style's last step, on values already trimmed, folded and compacted (with
        ``ascii_``, only the values that are ASCII need be right)."""
        import pyarrow.compute as pc

        if style == "lower":
            return pc.ascii_lower(values) if ascii_ else pc.utf8_lower(values)
        if style in ("upper", "compact"):
            return pc.ascii_upper(values) if ascii_ else _upper(values)
        if style == "phone":
            return pc.replace_substring_regex(values, self._phone_prefix, r"\1")
        return values

    def _compact(self, values: "pa.Array") -> "pa.Array":
        """Separators removed — from values not all letters and digits that are ASCII (in
        one NumPy pass over their bytes) or ASCII but for separators (·, ‐, —)."""
        import pyarrow.compute as pc

        plain = pc.fill_null(pc.ascii_is_alnum(values), arrow.true())
        ascii_ = pc.fill_null(pc.string_is_ascii(values), arrow.false())
        other = pc.and_(pc.invert(plain), ascii_)
        wide = pc.invert(pc.or_(plain, ascii_))
        if pc.any(wide).as_py():
            spelled = arrow.flags(pc.match_substring_regex(values.filter(wide), self._identifier))
            wide = pc.replace_with_mask(wide, wide, spelled)
        changed = pc.or_(other, wide)
        if not pc.any(changed).as_py():
            return values
        fixed = arrow.without_bytes(values.filter(changed), self._ascii_drop)
        if pc.any(wide).as_py():
            inside = wide.filter(changed)
            spelled = fixed.filter(inside)
            for mark in self._wide_separators:  # literal replacements: several times a regex's
                if pc.any(pc.match_substring(spelled, mark)).as_py():
                    spelled = pc.replace_substring(spelled, mark, "")
            fixed = pc.replace_with_mask(fixed, inside, spelled)
        return pc.replace_with_mask(values, changed, fixed)

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
