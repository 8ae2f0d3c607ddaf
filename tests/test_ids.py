from datetime import date

import pytest

from chujing import ids


def test_resident_id_known_good_and_bad() -> None:
    assert ids.resident_id_valid("11010519491231002X")
    assert not ids.resident_id_valid("110105194912310021")  # wrong check character
    assert not ids.resident_id_valid("110105194913310028")  # month 13 is no date
    assert not ids.resident_id_valid("11010519491231002")  # too short


def test_resident_id_birth_date() -> None:
    assert ids.resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert ids.resident_id_birth_date("110105194902300020") is None


def test_uscc() -> None:
    assert ids.uscc_valid("91350100M000100Y43")
    assert not ids.uscc_valid("91350100M000100Y44")
    assert not ids.uscc_valid("91350100M000100Y4")


def test_luhn() -> None:
    assert ids.luhn_valid("4111111111111111")
    assert not ids.luhn_valid("4111111111111112")
    assert not ids.luhn_valid("41111111-1111111")


def test_vin() -> None:
    assert ids.vin_valid("1M8GDM9AXKP042788")
    assert not ids.vin_valid("1M8GDM9A1KP042788")
    assert not ids.vin_valid("1M8GDM9AXKP04278O")  # letter O is not allowed


@pytest.mark.parametrize(
    ("on", "cutoff"),
    [(date(2026, 3, 1), date(2012, 3, 1)), (date(2028, 2, 29), date(2014, 2, 28))],
)
def test_born_before_cutoff(on: date, cutoff: date) -> None:
    assert ids.born_before_cutoff(on, 14) == cutoff


def test_resident_id_upgrade() -> None:
    assert ids.resident_id_upgrade("110105491231002") == "11010519491231002X"
    assert ids.resident_id_upgrade("110105491331002") is None  # month 13
    assert ids.resident_id_upgrade("11010549123100") is None
