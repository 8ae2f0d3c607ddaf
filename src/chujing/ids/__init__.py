"""Check digits of the identifiers the law and the data speak of.

Pure functions over strings, shared by the engine (a plan's USCC), the scanner
(detectors) and the platform (organisation registration).
"""

from datetime import date

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def resident_id_check_char(first17: str) -> str:
    """GB 11643-1999 check character (0-9 or X) of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True))
    return RIC_CHECK[total % 11]


def resident_id_birth_date(value: str) -> date | None:
    """The birth date encoded in an 18-digit resident ID, or None if it is no date."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def resident_id_valid(value: str) -> bool:
    """An 18-character resident ID with a right check character and a real birth date."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    if value[17].upper() != resident_id_check_char(value[:17]):
        return False
    born = resident_id_birth_date(value)
    return born is not None and born.year >= 1900


def resident_id_upgrade(old: str) -> str | None:
    """The 18-digit form of a 15-digit (first-generation) resident ID, or None if it is none.

    GB 11643-1999: the two-digit birth year gains "19" and a check character is appended.
    """
    if len(old) != 15 or not old.isdigit():
        return None
    first17 = old[:6] + "19" + old[6:]
    full = first17 + resident_id_check_char(first17)
    return full if resident_id_birth_date(full) is not None else None


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character of the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(value: str) -> bool:
    """An 18-character unified social credit code (统一社会信用代码) with a right check char."""
    value = value.upper()
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    return value[17] == uscc_check_char(value[:17])


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def vin_check_char(vin: str) -> str:
    """ISO 3779 / GB 16735 check character (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_valid(value: str) -> bool:
    """A 17-character VIN (no I, O, Q) whose position-9 check character is right."""
    value = value.upper()
    if len(value) != 17 or any(c not in _VIN_VALUES for c in value):
        return False
    return value[8] == vin_check_char(value)


def born_before_cutoff(on: date, years: int) -> date:
    """The birth date on which a person turns ``years`` old on ``on``.

    Those born after it are younger than ``years``; 29 February falls back to the 28th.
    """
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)
