"""Messy values: any spelling of an identifier is one canonical key; masked values no key."""

import random
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chujing import synth
from chujing.scan import arrow
from chujing.scan.classify import Classifier
from chujing.scan.core import Options, scan
from chujing.scan.persons import key_values
from chujing.synth import spellings

SCAN_DATE = date(2026, 3, 1)
CLASSIFIER = Classifier()
ID = CLASSIFIER.catalogue.by_kind("cn_resident_id")
MOBILE = CLASSIFIER.catalogue.by_kind("mobile_phone")
SEPARATORS = [" ", "-", ".", "·", "\u3000", "－", "．", "\u00a0"]


def _keys(cells: list[str | None], det: object) -> tuple[list[str | None], list[bool]]:
    keys, masked = key_values(arrow.strings(cells), det, CLASSIFIER)  # type: ignore[arg-type]
    return keys.to_pylist(), masked.to_pylist()


@st.composite
def spelled_ids(draw: st.DrawFn) -> tuple[str, str]:
    """A valid ID and one way of writing it: separators anywhere, full-width characters,
    a lower-case x, blanks around, or the 15-digit first-generation form."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    born = date(draw(st.integers(1920, 2019)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    value = synth.resident_id(rng, born=born)
    text = value[:6] + value[8:17] if born.year < 2000 and draw(st.booleans()) else value
    chars = []
    for c in text:
        c = c.lower() if draw(st.booleans()) else c
        chars.append(spellings.full_width(c) if draw(st.booleans()) else c)
        if draw(st.integers(0, 4)) == 0:
            chars.append(draw(st.sampled_from(SEPARATORS)))
    pad = draw(st.sampled_from(["", " ", "\u3000", "\t"]))
    return value, pad + "".join(chars) + pad


@settings(max_examples=400, deadline=None)
@given(spelled_ids())
def test_any_spelling_of_a_valid_id_is_the_same_key(case: tuple[str, str]) -> None:
    value, spelled = case
    keys, masked = _keys([spelled, value], ID)
    assert keys == [value, value]
    assert masked == [False, False]


def test_mobile_prefixes_and_separators() -> None:
    cells = [
        "13800138000",
        "+86 138 0013 8000",
        "0086-13800138000",
        "86-138-0013-8000",
        "１３８００１３８０００",
        "138.0013.8000",
    ]
    keys, _ = _keys(cells, MOBILE)
    assert keys == ["13800138000"] * len(cells)


def test_masked_values_are_masked_never_keys() -> None:
    keys, masked = _keys(["138****8000", "+86 138****8000", "13800138000"], MOBILE)
    assert keys == [None, None, "13800138000"]
    assert masked == [True, True, False]
    keys, masked = _keys(["5001**********123X", "5001 ***** ***** 123X"], ID)
    assert keys == [None, None]
    assert masked == [True, True]


def test_wrong_ids_stay_wrong_in_any_spelling() -> None:
    good = synth.resident_id(random.Random(4))
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    keys, _ = _keys([bad, spellings.full_width(bad), f"{bad[:6]} {bad[6:]}"], ID)
    assert keys == [None, None, None]


def test_one_person_written_three_ways_is_one_person(tmp_path: Path) -> None:
    rng = random.Random(5)
    value = synth.resident_id(rng, born=date(1985, 6, 1))
    other = synth.resident_id(rng, born=date(1990, 2, 3))
    ways = [value, f"{value[:6]} {value[6:14]} {value[14:]}", spellings.full_width(value)]
    rows = [f"{w},张三" for w in ways] + [
        f"{other},李四",
        f"{value[:4]}**********{value[-4:]},王五",
    ]
    path = tmp_path / "m.csv"
    path.write_text("身份证号,姓名\n" + "\n".join(rows * 20) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.columns[0].kind == "cn_resident_id"
    assert report.persons.distinct == 2
    assert report.persons.masked == 20


def test_key_cells_with_words_or_two_numbers_still_count(tmp_path: Path) -> None:
    cells = ["13800138000（本人）", "13900139000/13700137000", "13600136000"]
    path = tmp_path / "p.csv"
    path.write_text("手机\n" + "\n".join(cells * 30) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.key_kind == "mobile_phone"
    assert report.persons.distinct == 4


def test_ids_inside_remarks_count(tmp_path: Path) -> None:
    rng = random.Random(6)
    people = [synth.resident_id(rng, born=date(1980, 1, 1 + n)) for n in range(20)]
    agents = [synth.resident_id(rng, born=date(2020, 1, 1 + n)) for n in range(5)]
    lines = [f"{p},已发货" for p in people]
    lines += [f"无,代办人身份证 {a} 已核验，联系人{people[0]}" for a in agents]
    path = tmp_path / "r.csv"
    path.write_text("证件号,备注\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.key == ["证件号", "备注"]
    assert report.persons.distinct == 25
    assert report.persons.minors_under_14 == 5


def test_a_masked_column_does_not_hide_the_persons_of_another_key(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = []
    for n in range(60):
        value = synth.resident_id(rng)
        lines.append(f"{value[:4]}**********{value[-4:]},1380013{n:04d}")
    path = tmp_path / "k.csv"
    path.write_text("身份证号,手机\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.columns[0].kind == "cn_resident_id"  # still reported as PI
    assert report.persons.key_kind == "mobile_phone"
    assert report.persons.distinct == 60


def test_messy_table_counts_match_the_truth(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    truth = synth.write(path, rows=3000, seed=8, as_of=SCAN_DATE, messy=True).to_json()
    report = scan([str(path)], Options(on=SCAN_DATE))
    persons = truth["persons"]
    assert isinstance(persons, dict)
    assert persons["masked"] > 0
    got = report.persons
    assert (got.distinct, got.sensitive_distinct, got.minors_under_14, got.masked) == (
        persons["distinct"],
        persons["sensitive_distinct"],
        persons["minors_under_14"],
        persons["masked"],
    )
    columns = truth["columns"]
    assert isinstance(columns, list)
    assert [c.kind for c in report.columns] == [c["kind"] for c in columns]
