"""Validators named by detectors: check digits and dictionaries beyond what a regex says."""

from collections.abc import Callable

from chujing import ids
from chujing.scan.detectors import Vocab

Validator = Callable[[str], bool]


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
        return 16 <= len(digits) <= 19 and digits.startswith(bins) and ids.luhn_valid(digits)

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
