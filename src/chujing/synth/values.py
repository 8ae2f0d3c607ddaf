"""One generator per kind of value; each takes a seeded ``random.Random``.

Identifiers carry valid check digits (GB 11643, GB 32100, Luhn, ISO 3779) so that the
scanner's validators are exercised as real data would exercise them.
"""

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from chujing import ids
from chujing.synth import vocab


@dataclass(frozen=True)
class Person:
    """An invented natural person and the identifiers that point to them."""

    name: str
    resident_id: str
    birth_date: date
    gender: str
    mobile: str
    email: str
    address: str
    passport: str
    bank_card: str
    ethnicity: str


def name(rng: random.Random) -> str:
    """A Chinese name: a (sometimes compound) surname and one or two given characters."""
    surname = (
        rng.choice(vocab.COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(vocab.SURNAMES)
    )
    given = "".join(rng.choice(vocab.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def birth_date(rng: random.Random, *, minor_share: float = 0.08, today: date | None = None) -> date:
    """A birth date; ``minor_share`` of them fall in the 14 years before ``today``."""
    today = today or date.today()
    if rng.random() < minor_share:
        return today - timedelta(days=rng.randint(200, 14 * 365 - 200))
    return date(rng.randint(1950, 2003), rng.randint(1, 12), rng.randint(1, 28))


def resident_id(rng: random.Random, *, born: date | None = None, female: bool | None = None) -> str:
    """An 18-digit resident ID with a real county prefix and a valid check character."""
    region = rng.choice(vocab.REGIONS)[0]
    born = born or birth_date(rng)
    seq = rng.randint(0, 99)
    sex = rng.randrange(0, 10, 2) if female else rng.randrange(1, 10, 2)
    if female is None:
        sex = rng.randint(0, 9)
    first17 = f"{region}{born:%Y%m%d}{seq:02d}{sex}"
    return first17 + ids.resident_id_check_char(first17)


def wrong_check_resident_id(rng: random.Random) -> str:
    """A trap: looks like a resident ID but its check character is wrong."""
    good = resident_id(rng)
    wrong = rng.choice([c for c in "0123456789X" if c != good[17]])
    return good[:17] + wrong


def mobile(rng: random.Random) -> str:
    """An 11-digit mobile number in a currently allocated range."""
    return rng.choice(vocab.MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def landline(rng: random.Random) -> str:
    """A fixed-line number with its area code, e.g. 023-67891234."""
    code = rng.choice(vocab.AREA_CODES)
    digits = 8 if len(code) == 3 else 7
    return f"{code}-{rng.randint(2, 9)}{rng.randint(0, 10 ** (digits - 1) - 1):0{digits - 1}d}"


def email(rng: random.Random) -> str:
    """An e-mail address with a pinyin or numeric local part."""
    if rng.random() < 0.3:
        local = str(rng.randint(10_000_000, 2_999_999_999))
    else:
        local = "".join(rng.choice(vocab.PINYIN_SYLLABLES) for _ in range(2)) + str(
            rng.randint(1, 999)
        )
    return f"{local}@{rng.choice(vocab.EMAIL_DOMAINS)}"


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit to ``partial``."""
    for d in "0123456789":
        if ids.luhn_valid(partial + d):
            return partial + d
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def bank_card(rng: random.Random) -> str:
    """A bank card number with a real BIN, the bank's length and a valid Luhn digit."""
    bin_, length = rng.choice(vocab.BANK_BINS)
    body = "".join(rng.choice(string.digits) for _ in range(length - len(bin_) - 1))
    return luhn_complete(bin_ + body)


def address(rng: random.Random) -> str:
    """A street address: province, city, district, street, number and flat."""
    _, province, city, district = rng.choice(vocab.REGIONS)
    head = city if province == city else province + city
    street = rng.choice(vocab.STREET_WORDS) + rng.choice(vocab.STREET_SUFFIXES)
    building = rng.choice(vocab.STREET_WORDS) + rng.choice(vocab.BUILDING_WORDS)
    return (
        f"{head}{district}{street}{rng.randint(1, 999)}号{building}"
        f"{rng.randint(1, 30)}栋{rng.randint(1, 32)}{rng.randint(1, 8):02d}室"
    )


def passport(rng: random.Random) -> str:
    """A PRC ordinary passport number: E + 8 digits, or E + letter + 7 digits."""
    if rng.random() < 0.5:
        return f"E{rng.randint(0, 99_999_999):08d}"
    return f"E{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.randint(0, 9_999_999):07d}"


def hmt_permit(rng: random.Random) -> str:
    """A 港澳台 permit: H/M + 8 digits (港澳居民来往内地通行证) or C + 8 (往来港澳通行证)."""
    return f"{rng.choice('HMC')}{rng.randint(0, 99_999_999):08d}"


def license_plate(rng: random.Random) -> str:
    """A licence plate; about a quarter are new-energy plates (D/F + 5 characters)."""
    head = rng.choice(vocab.PLATE_PROVINCES) + rng.choice(vocab.PLATE_LETTERS)
    if rng.random() < 0.25:
        return (
            head
            + rng.choice("DF")
            + rng.choice(vocab.PLATE_LETTERS + string.digits)
            + (f"{rng.randint(0, 9999):04d}")
        )
    tail = "".join(rng.choice(vocab.PLATE_LETTERS + string.digits * 3) for _ in range(5))
    return head + tail


def vin(rng: random.Random) -> str:
    """A 17-character VIN with a Chinese WMI and a valid ISO 3779 check character."""
    body = rng.choice(vocab.VIN_WMIS) + "".join(rng.choice(vocab.VIN_CHARS) for _ in range(14))
    return body[:8] + ids.vin_check_char(body[:8] + "0" + body[9:]) + body[9:]


def uscc(rng: random.Random) -> str:
    """A unified social credit code (统一社会信用代码) with a valid GB 32100 check character."""
    region = rng.choice(vocab.REGIONS)[0]
    org = "".join(rng.choice(vocab.USCC_ALPHABET[:10] + "ABCDEFGHJKLMN") for _ in range(9))
    first17 = "91" + region + org
    return first17 + ids.uscc_check_char(first17)


def company_name(rng: random.Random) -> str:
    """A company name such as 重庆两江汽车科技有限公司."""
    city = rng.choice(vocab.REGIONS)[2].removesuffix("市")
    return (
        city
        + rng.choice(vocab.COMPANY_WORDS)
        + rng.choice(vocab.COMPANY_TRADES)
        + rng.choice(vocab.COMPANY_FORMS)
    )


def coordinate(rng: random.Random) -> str:
    """A precise WGS-84 point in China, ``lat,lng`` with six decimals."""
    return f"{rng.uniform(21.0, 45.0):.6f},{rng.uniform(98.0, 122.0):.6f}"


def ip_address(rng: random.Random) -> str:
    """An IPv4 address."""
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def diagnosis(rng: random.Random) -> str:
    """A diagnosis, sometimes with a drug or a test."""
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(vocab.DIAGNOSES)
    if roll < 0.8:
        return f"{rng.choice(vocab.DIAGNOSES)}；{rng.choice(vocab.DRUGS)}"
    return f"{rng.choice(vocab.MEDICAL_TESTS)}异常"


def ethnicity(rng: random.Random) -> str:
    """An ethnic group (民族), weighted towards 汉族."""
    return "汉族" if rng.random() < 0.8 else rng.choice(vocab.ETHNICITIES)


def religion(rng: random.Random) -> str:
    """A religious belief."""
    return rng.choice(vocab.RELIGIONS)


def person(rng: random.Random, *, today: date | None = None) -> Person:
    """An invented person with consistent identifiers (the ID encodes the birth date)."""
    born = birth_date(rng, today=today)
    female = rng.random() < 0.5
    return Person(
        name=name(rng),
        resident_id=resident_id(rng, born=born, female=female),
        birth_date=born,
        gender="女" if female else "男",
        mobile=mobile(rng),
        email=email(rng),
        address=address(rng),
        passport=passport(rng),
        bank_card=bank_card(rng),
        ethnicity=ethnicity(rng),
    )


def order_number(rng: random.Random) -> str:
    """A trap: an 18-digit order number starting with a date (not a resident ID)."""
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    return f"{day:%Y%m%d}{rng.randint(0, 9_999_999_999):010d}"


def sku(rng: random.Random) -> str:
    """A trap: a stock-keeping unit code."""
    return f"SKU-{rng.choice('ABCDEFGH')}{rng.choice('XYZ')}-{rng.randint(0, 99999):05d}"


def amount(rng: random.Random) -> str:
    """A trap: a money amount."""
    return f"{rng.uniform(1, 99_999):.2f}"


def timestamp(rng: random.Random) -> str:
    """A trap: a timestamp, in one of two common notations."""
    seconds = rng.randint(1_700_000_000, 1_780_000_000)
    if rng.random() < 0.5:
        return str(seconds * 1000 + rng.randint(0, 999))
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:" + (
        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )
