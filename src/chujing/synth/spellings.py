"""How real export tables spell identifiers: full-width digits, spaces and hyphens inside,
country prefixes, first-generation IDs, masks. Each function takes a canonical value and a
seeded ``random.Random`` and returns one of its spellings (the same person, written again).
"""

import random

_FULL_WIDTH = str.maketrans(
    "0123456789Xx+-", "".join(chr(0xFF10 + i) for i in range(10)) + "Ｘｘ＋－"
)


def full_width(value: str) -> str:
    """Digits and letters in their full-width forms (as typed with a Chinese IME)."""
    return value.translate(_FULL_WIDTH)


def resident_id(rng: random.Random, value: str) -> str:
    """An 18-character resident ID spelled with spaces, hyphens, dots, full-width digits, a
    lower-case x, or — for those born in the 1900s — as its 15-digit first-generation form."""
    roll = rng.random()
    if roll < 0.15 and value[6:8] == "19":
        return value[:6] + value[8:17]  # first generation: no century, no check character
    if roll < 0.35:
        return f"{value[:6]} {value[6:14]} {value[14:]}"
    if roll < 0.5:
        return f"{value[:6]}-{value[6:10]}-{value[10:14]}-{value[14:]}"
    if roll < 0.6:
        return ".".join((value[:6], value[6:14], value[14:]))
    if roll < 0.8:
        return full_width(value)
    return f" {value.lower()} "


def mobile(rng: random.Random, value: str) -> str:
    """A mobile number behind +86, 0086 or 86-, spaced, hyphenated or full-width."""
    return rng.choice(
        (
            f"+86 {value}",
            f"0086{value}",
            f"86-{value}",
            f"{value[:3]} {value[3:7]} {value[7:]}",
            f"{value[:3]}-{value[3:7]}-{value[7:]}",
            f"{value[:3]}.{value[3:7]}.{value[7:]}",
            full_width(value),
        )
    )


def bank_card(rng: random.Random, value: str) -> str:
    """A card number in groups of four, spaced or hyphenated."""
    groups = [value[i : i + 4] for i in range(0, len(value), 4)]
    return rng.choice((" ", "-")).join(groups)


def masked(kind: str, value: str) -> str:
    """The value masked as exports mask it (``138****8000``, ``5001**********123X``)."""
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    keep = {"mobile_phone": (3, 4), "cn_resident_id": (4, 4), "bank_card": (4, 4)}[kind]
    head, tail = keep
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]
