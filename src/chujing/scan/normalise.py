"""Canonical spellings of the values real tables hold, before they are validated or counted.

Full-width digits and letters (NFKC), separators inside identifiers (``500101 19900101
123X``, ``138-0013-8000``), a lower-case ``x``, the ``+86``/``0086``/``86-`` prefix of a
mobile: each detector names its style (``normalise`` in the detector file), so that the same
person written three ways is one key. Masked values (``138****8000``) are recognised by the
detector's ``masked`` pattern: counted as masked, never as persons. All vectorised (Arrow).
"""

from typing import TYPE_CHECKING

from chujing.scan.detectors import Catalogue, Detector

if TYPE_CHECKING:
    import pyarrow as pa

MASK_MARK = "*"  # NFKC folds the full-width ＊ into it


class Normaliser:
    """The catalogue's normalisation rules, applied to Arrow string arrays."""

    def __init__(self, catalogue: Catalogue) -> None:
        rules = catalogue.normalise
        self._separators = rules.separators
        self._phone_prefix = rules.phone_prefix
        self._masked = {
            d.id: f"^(?:{d.masked})$" for d in catalogue.detectors if d.masked is not None
        }

    def canonical(self, values: "pa.Array", style: str) -> "pa.Array":
        """Values in the canonical spelling of a style (trimmed; nulls stay null)."""
        import pyarrow.compute as pc

        v = pc.utf8_trim_whitespace(values)
        if not pc.all(pc.string_is_ascii(v)).as_py():
            v = pc.utf8_trim_whitespace(pc.utf8_normalize(v, "NFKC"))
        if style == "text":
            return v
        if style == "lower":
            return pc.utf8_lower(v)
        if style == "upper":
            return pc.utf8_upper(v)
        v = self._compact(v)
        if style == "phone":
            return pc.replace_substring_regex(v, self._phone_prefix, r"\1")
        return pc.utf8_upper(v) if style == "compact" else v

    def _compact(self, values: "pa.Array") -> "pa.Array":
        """Separators removed — only where there are any (the regex pass is the costly part)."""
        import pyarrow.compute as pc

        spaced = pc.fill_null(pc.match_substring_regex(values, self._separators), False)
        if not pc.any(spaced).as_py():
            return values
        fixed = pc.replace_substring_regex(values.filter(spaced), self._separators, "")
        return pc.replace_with_mask(values, spaced, fixed)

    def masked(self, det: Detector, canonical: "pa.Array") -> "pa.Array":
        """Per value: masked (``138****8000``) in the detector's shape; False if it has none."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        pattern = self._masked.get(det.id)
        if pattern is None:
            return pa.array(np.zeros(len(canonical), dtype=bool))
        marked = pc.fill_null(pc.match_substring(canonical, MASK_MARK), False)
        if not pc.any(marked).as_py():
            return marked
        return pc.and_(marked, pc.fill_null(pc.match_substring_regex(canonical, pattern), False))
