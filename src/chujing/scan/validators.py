"""Validators named by detectors: check digits and dictionaries beyond what a regex says."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from chujing import ids
from chujing.scan.detectors import Vocab

if TYPE_CHECKING:
    import pyarrow as pa

Validator = Callable[[str], bool]
VectorValidator = Callable[["pa.Array"], "pa.Array"]
"""The same check over an array of canonical values, vectorised: the valid values in their
canonical form (a 15-digit ID in its 18-digit form), null elsewhere."""
CARD_LENGTHS = range(16, 20)


def make_validators(vocab: Vocab) -> dict[str, Validator]:
    """The validator functions by name, bound to the catalogue's word lists."""
    provinces = {f"{c:02d}" for c in vocab.province_codes}
    bins = tuple(vocab.bank_bin_prefixes)
    surnames = set(vocab.surnames)
    compounds = tuple(vocab.compound_surnames)
    stops = tuple(vocab.name_stop_suffixes)

    def resident_id(value: str) -> bool:
        if value[:2] not in provinces:
            return False
        if len(value) == 15:
            return ids.resident_id_upgrade(value) is not None
        return ids.resident_id_valid(value.upper())

    def bank_card(value: str) -> bool:
        digits = value.replace(" ", "")
        return len(digits) in CARD_LENGTHS and digits.startswith(bins) and ids.luhn_valid(digits)

    def person_name(value: str) -> bool:
        if "·" in value:
            return True
        if value.endswith(stops):
            return False
        if value.startswith(compounds):
            return 3 <= len(value) <= 4
        return value[0] in surnames and 2 <= len(value) <= 3

    def address(value: str) -> bool:
        return len(value) >= 8

    return {
        "resident_id": resident_id,
        "bank_card": bank_card,
        "vin": ids.vin_valid,
        "uscc": ids.uscc_valid,
        "person_name": person_name,
        "address": address,
    }


def vector_validators(vocab: Vocab) -> dict[str, VectorValidator]:
    """The validators that have a vectorised form, by name (canonical values: no spaces)."""
    from chujing.ids import arrays

    provinces = vocab.province_codes
    bins = "^(?:" + "|".join(vocab.bank_bin_prefixes) + ")"

    def resident_id(values: "pa.Array") -> "pa.Array":
        return arrays.resident_ids(values, provinces)

    def bank_card(values: "pa.Array") -> "pa.Array":
        import pyarrow.compute as pc

        from chujing.scan import arrow

        prefix = arrow.mask(pc.match_substring_regex(values, bins))
        return arrays.with_validity(values, prefix & arrays.luhn_ok(values, CARD_LENGTHS))

    def uscc(values: "pa.Array") -> "pa.Array":
        return arrays.with_validity(values, arrays.uscc_ok(values))

    return {"resident_id": resident_id, "bank_card": bank_card, "uscc": uscc}
