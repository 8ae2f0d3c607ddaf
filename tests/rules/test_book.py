"""The shipped law data loads, is complete, and bad edits fail with file and line."""

from datetime import date
from pathlib import Path

import pytest

from chujing.rules import LawDataError, load_rules
from chujing.rules.book import DATA_FILES, build_rule_book, data_dir
from chujing.rules.models import chinese_number

BOOK = load_rules()


def texts() -> dict[str, str]:
    return {name: (data_dir() / name).read_text(encoding="utf-8") for name in DATA_FILES}


def edited(name: str, old: str, new: str) -> dict[str, str]:
    """The shipped law data with the first `old` of file `name` replaced by `new`."""
    data = texts()
    assert old in data[name], f"{old!r} is not in {name}"
    data[name] = data[name].replace(old, new, 1)
    return data


def test_the_catalogue_has_13_level1_and_40_level2_categories() -> None:
    assert len(BOOK.catalogue.level1) == 13
    assert [c.number for c in BOOK.catalogue.categories] == list(range(1, 41))


@pytest.mark.parametrize(
    ("number", "block_start"),
    [
        (1, "石油"),
        (2, "石油"),
        (7, "达到国家规定"),
        (10, "具有重要军用"),
        (14, "重庆自贸试验区企业掌握的重点"),
        (16, "关系我国科技实力"),
        (32, "反映种族"),
        (36, "在提供互联网服务"),
        (40, "与国家安全和利益"),
    ],
)
def test_merged_example_blocks_attach_to_every_category_they_span(
    number: int, block_start: str
) -> None:
    examples = BOOK.catalogue.view(number).examples
    assert len(examples) == 1
    assert examples[0].startswith(block_start)


def test_industrial_and_telecom_categories_defer_to_their_standards() -> None:
    ydt4981 = [c.number for c in BOOK.catalogue.categories if "ydt4981" in c.defers_to]
    assert ydt4981 == [8, 9, 11, 13, 15, 16, 17]
    assert BOOK.catalogue.view(19).defers_to[0].number == "YD/T 3867-2024"
    assert BOOK.catalogue.view(40).description is None


def test_catalogue_search_finds_categories_by_any_text() -> None:
    assert [v.number for v in BOOK.catalogue.search("电子病历")] == [28]
    assert 16 in [v.number for v in BOOK.catalogue.search("自动驾驶")]


def test_every_rule_has_a_citation_and_a_start_date() -> None:
    for rule in BOOK.rules:
        assert rule.citation.startswith("《"), rule.id
        assert rule.effective_from <= (rule.effective_until or date.max)


def test_the_chongqing_measures_are_in_force_for_two_years() -> None:
    assert not BOOK.has_rule("cq.art10.unlisted", date(2025, 8, 31))
    assert BOOK.has_rule("cq.art10.unlisted", date(2025, 9, 1))
    assert BOOK.has_rule("cq.art10.unlisted", date(2027, 8, 31))
    assert not BOOK.has_rule("cq.art10.unlisted", date(2027, 9, 1))


def test_thresholds_come_from_the_data() -> None:
    on = date(2026, 1, 1)
    assert BOOK.rule("o16.art7.2", on).params["persons"] == 1_000_000
    assert BOOK.rule("o16.art8", on).params["persons"] == 100_000
    assert (
        BOOK.rule("annex.general.2", on).params["sensitive_account_or_medical_persons"] == 100_000
    )


def test_citations_render_articles_paragraphs_and_items() -> None:
    on = date(2026, 1, 1)
    assert BOOK.rule("o16.art7.2", on).citation == "《促进和规范数据跨境流动规定》第七条第（二）项"
    assert (
        BOOK.rule("dsl.art21.core_data", on).citation
        == "《中华人民共和国数据安全法》第二十一条第二款"
    )
    assert BOOK.rule("civil.art201", on).citation == "《中华人民共和国民法典》第二百零一条"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (16, "十六"),
        (20, "二十"),
        (101, "一百零一"),
        (1259, "一千二百五十九"),
    ],
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_the_sensitive_kinds_of_law_md_are_all_there() -> None:
    assert set(BOOK.sensitive_kinds) == {
        "biometric",
        "religious_belief",
        "specific_identity",
        "medical_health",
        "financial_account",
        "whereabouts",
        "minor_under_14",
        "other_sensitive",
        "registered_account",  # 个人注册账户, named by Annex rule 2
    }


def test_setting_defaults_are_law_md_readings() -> None:
    assert BOOK.setting_defaults == {
        "other_ftz_lists": "reference",
        "ciio_may_use_list": False,
        "annex_candidates_as_important": False,  # law.md §5 (corrected)
        "id_number_sensitive": False,
        "exempt_exports_outside_count": True,
    }


def test_an_unknown_key_names_file_line_and_key() -> None:
    data = edited("rules.yaml", "    title: 适用范围\n", "    title: 适用范围\n    colour: red\n")
    with pytest.raises(LawDataError) as info:
        build_rule_book(data)
    problem = info.value.problems[0]
    assert problem.source == "rules.yaml"
    assert problem.path == "rules[0].colour"
    assert problem.line == data["rules.yaml"].splitlines().index("    colour: red") + 1


def test_a_citation_of_an_unknown_instrument_is_refused() -> None:
    data = edited("rules.yaml", "instrument: cq\n", "instrument: cqq\n")
    with pytest.raises(LawDataError, match="unknown instrument 'cqq'"):
        build_rule_book(data)


def test_overlapping_versions_of_one_rule_are_refused() -> None:
    data = texts()
    start = data["rules.yaml"].index("  - id: o16.art8\n")
    end = data["rules.yaml"].index("  - id: o16.art5.4\n")
    data["rules.yaml"] += data["rules.yaml"][start:end]
    with pytest.raises(LawDataError, match="overlaps"):
        build_rule_book(data)


def test_a_yaml_syntax_error_names_the_line() -> None:
    data = texts()
    data["settings.yaml"] = data["settings.yaml"] + "  - name: [broken\n"
    with pytest.raises(LawDataError) as info:
        build_rule_book(data)
    assert info.value.problems[0].line is not None


def test_an_installation_settings_file_overrides_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "law-settings.yaml"
    path.write_text("ciio_may_use_list: true\n", encoding="utf-8")
    monkeypatch.setenv("CHUJING_SETTINGS_FILE", str(path))
    assert build_rule_book(texts()).setting_defaults["ciio_may_use_list"] is True
    path.write_text("ciio_may_use_list: perhaps\n", encoding="utf-8")
    with pytest.raises(LawDataError, match="ciio_may_use_list"):
        build_rule_book(texts())


def test_documents_cite_their_basis_from_the_rule_book() -> None:
    assert BOOK.citation("cq.art12").endswith("第十二条")
    assert BOOK.citation("cq.art5").startswith("《中国（重庆）自由贸易试验区")
    with pytest.raises(KeyError):
        BOOK.citation("cq.art99")
