"""The data-element vocabulary against the shipped lists, the scanner's kinds and itself."""

from pathlib import Path

import pytest

from chujing.rules import LawDataError, load_lists, load_rules
from chujing.rules.book import build_rule_book
from chujing.rules.vocabulary import normalise
from chujing.scan.detectors import load_catalogue

from .test_book import edited

BOOK = load_rules()
VOCABULARY = BOOK.vocabulary
TEST_LISTS = Path(__file__).parents[1] / "law" / "lists"
NOT_ELEMENTS = {"none", "free_text_with_pi"}  # contract §2 kinds that name no datum


@pytest.mark.parametrize("directory", [None, TEST_LISTS], ids=["shipped", "law-cases"])
def test_every_field_of_every_list_resolves_to_an_element(directory: Path | None) -> None:
    missing = [
        (lst.id, entry.code, field)
        for lst in load_lists(directory)
        for _, entry in lst.entries()
        for field in entry.fields
        if VOCABULARY.element(field) is None
    ]
    assert missing == []


def test_the_lists_report_no_unknown_field() -> None:
    assert all(not VOCABULARY.unknown_list_fields(lst) for lst in load_lists())


def test_every_scanner_kind_that_holds_a_datum_is_an_element() -> None:
    kinds = {d.kind for d in load_catalogue().detectors} - NOT_ELEMENTS
    assert {k for k in kinds if VOCABULARY.of_kind(k) is None} == set()
    assert VOCABULARY.of_kind("free_text_with_pi") is None


@pytest.mark.parametrize(
    ("spellings", "code"),
    [
        (["姓名", "车主姓名", "客户姓名", "person_name"], "person_name"),
        (["手机号", "手机号码", "联系电话", "mobile_phone"], "mobile_phone"),
        (["身份证号", "身份证号码", "公民身份号码", "cn_resident_id"], "cn_resident_id"),
        (["车辆识别代号", "VIN", "车架号", "vin", "ＶＩＮ码", "vin 码"], "vin"),
    ],
)
def test_the_contract_examples_are_one_element(spellings: list[str], code: str) -> None:
    assert {e.code for s in spellings if (e := VOCABULARY.element(s))} == {code}
    assert all(VOCABULARY.element(s) for s in spellings)


def test_normalisation_ignores_width_case_spaces_and_punctuation() -> None:
    assert normalise(" 手机号（码） ") == normalise("手机号码") == "手机号码"
    assert normalise("E-Mail") == normalise("email")


def test_a_spelling_in_two_elements_is_refused() -> None:
    texts = edited("elements.yaml", "synonyms: [座机,", "synonyms: [联系电话, 座机,")
    with pytest.raises(LawDataError, match="联系电话"):
        build_rule_book(texts)


def test_an_unknown_sensitive_kind_is_refused_with_its_line() -> None:
    texts = edited(
        "elements.yaml", "sensitive_kinds: [religious_belief]", "sensitive_kinds: [shoe_size]"
    )
    with pytest.raises(LawDataError) as info:
        build_rule_book(texts)
    problem = info.value.problems[0]
    assert problem.line is not None
    assert "shoe_size" in problem.message


def test_near_matches_find_spellings_inside_a_longer_field() -> None:
    lst = next(x for x in load_lists() if x.id == "cq-ftz-icv")
    index = VOCABULARY.index(lst)
    reading = VOCABULARY.read("车主备用手机号码", index)
    assert not reading.known
    assert "element:mobile_phone" in {near.key for _, near in reading.near}
    assert VOCABULARY.read("province", index).near == ()  # ASCII needles match whole tokens


def test_the_list_index_is_built_once_per_list() -> None:
    lst = next(x for x in load_lists() if x.id == "cq-ftz-icv")
    assert VOCABULARY.index(lst) is VOCABULARY.index(lst)
