"""Jurisdiction packs load, check themselves, and refuse what would decide wrongly."""

from pathlib import Path

import pytest

from chujing.rules import LawDataError, ListProblems, NegativeList
from chujing.rules.book import load_rules
from chujing.rules.jurisdiction import (
    _pack_texts,
    build_jurisdiction,
    foreign_measures,
    jurisdiction_lists,
    load_jurisdiction,
)
from chujing.rules.lists import load_list_file
from chujing.rules.packs import HOME, PackError, load_pack, pack_codes

LIST_HEAD = (
    "id: g\ntitle: t\nftz: shanghai\nofficial: false\nversion: '1'\npublished: 2025-01-01\n"
    "valid_from: 2025-01-01\nvalid_until: 2026-01-01\nsector: s\nsource: x\n"
)


def test_the_four_packs_ship_and_chongqing_comes_first() -> None:
    assert pack_codes() == ["chongqing", "beijing", "shanghai", "tianjin"]


def test_the_home_pack_is_the_shipped_book_unchanged() -> None:
    assert load_jurisdiction(HOME) is load_rules()
    assert load_rules().pack.code == HOME


@pytest.mark.parametrize("code", ["beijing", "shanghai", "tianjin"])
def test_every_role_of_a_pack_names_a_rule_it_has(code: str) -> None:
    book = load_jurisdiction(code)
    roles = book.pack.roles.model_dump()
    ids = {r.id for r in book.rules}
    named = [v for value in roles.values() for v in (value if isinstance(value, list) else [value])]
    assert all(rule_id in ids for rule_id in named if rule_id)


@pytest.mark.parametrize("code", ["beijing", "shanghai", "tianjin"])
def test_a_pack_never_cites_chongqing_for_its_list_rules(code: str) -> None:
    book = load_jurisdiction(code)
    adopted = book.pack.adopts
    assert adopted is not None
    for rule_id in adopted.rules:
        assert all("重庆" not in r.citation for r in book.rules if r.id == rule_id)


def test_a_pack_whose_role_names_a_missing_rule_fails_on_load() -> None:
    pack = load_pack("beijing")
    broken = pack.model_copy(update={"roles": pack.roles.model_copy(update={"listed": "bj.nope"})})
    with pytest.raises(LawDataError, match=r"bj\.nope"):
        build_jurisdiction(load_rules(), broken, _pack_texts(pack))


def test_an_unknown_pack_is_refused_naming_the_available_ones() -> None:
    with pytest.raises(PackError, match="chongqing"):
        load_pack("atlantis")


def test_each_pack_sees_its_own_lists_and_the_other_packs_own() -> None:
    beijing = {(lst.id, lst.ftz) for lst in jurisdiction_lists("beijing")}
    assert ("bj-ftz-auto", "beijing") in beijing
    assert ("cq-ftz-icv", "chongqing") in beijing
    assert ("bj-ftz-pharma", "beijing") not in beijing  # Chongqing's copy uses CQ numbering


@pytest.mark.parametrize(
    ("kind", "data_type", "problem"),
    [
        # a general list may not list important data
        ("kind: general\n", "important_data", "一般数据清单不能列入重要数据"),
        # general data belongs to general lists only
        ("", "general_data", "general_data"),
    ],
)
def test_a_list_holds_only_the_data_of_its_kind(
    tmp_path: Path, kind: str, data_type: str, problem: str
) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(
        LIST_HEAD + kind + "scenarios:\n  - code: S\n    activity: a\n    name: n\n"
        "    entries:\n      - code: S-1\n        name: e\n        category: 1\n"
        f"        data_type: {data_type}\n        fields: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(ListProblems, match=problem):
        load_list_file(path)


def test_a_pack_list_naming_a_category_outside_its_annex_is_refused() -> None:
    from chujing.rules.jurisdiction import _catalogue_problems

    book = load_jurisdiction("beijing")
    lst = next(x for x in jurisdiction_lists("beijing") if x.id == "bj-ftz-auto")
    data = lst.model_dump()
    data["scenarios"] = data["scenarios"][:1]
    data["scenarios"][0]["entries"] = [{**data["scenarios"][0]["entries"][0], "category": 45}]
    assert _catalogue_problems([NegativeList.model_validate(data)], book, Path("x"))
    assert not _catalogue_problems([lst], book, Path("x"))


def test_a_demo_organisation_with_a_wrong_check_character_fails_the_pack() -> None:
    pack = load_pack("beijing")
    org = pack.demo[0]
    bad = org.uscc[:-1] + ("0" if org.uscc[-1] != "0" else "1")
    data = pack.model_dump()
    data["demo"][0]["uscc"] = bad
    with pytest.raises(ValueError, match="校验位"):
        type(pack).model_validate(data)


def test_a_demo_organisation_must_carry_its_zones_region_code() -> None:
    from chujing.ids import uscc_check_char

    pack = load_pack("tianjin")
    first17 = "91500112" + pack.demo[0].uscc[8:17]  # a Chongqing district in a Tianjin zone
    data = pack.model_dump()
    data["demo"][0]["uscc"] = first17 + uscc_check_char(first17)
    with pytest.raises(ValueError, match="行政区划代码"):
        type(pack).model_validate(data)


@pytest.mark.parametrize("code", ["chongqing", "beijing", "shanghai", "tianjin"])
def test_every_pack_can_seed_its_demo(code: str) -> None:
    pack = load_pack(code)
    zones = {z.code for z in pack.zones}
    assert len({o.zone for o in pack.demo}) >= 2
    assert all(o.zone in zones for o in pack.demo)
    assert pack.supervisor().code in {a.code for a in pack.authorities}
    assert any(a.kind == "security" for a in pack.authorities)
    assert len(pack.demo_exports) == 2
    book = load_jurisdiction(code)
    numbers = {c.number for c in book.catalogue.categories}
    assert all(e.category in numbers for e in pack.demo_exports)
    assert all(o.name.startswith(pack.city.removesuffix("市")) for o in pack.demo)


@pytest.mark.parametrize("code", [c for c in pack_codes() if c != HOME])
def test_no_rule_cites_another_packs_measures_beside_it(code: str) -> None:
    """A base rule under a pack lists the provisions it rests on; another pack's measures
    (Chongqing's Annex beside a national reading, under Beijing) are not among them."""
    book = load_jurisdiction(code)
    foreign = foreign_measures(code)
    titles = [book.instruments[i].title for i in foreign if i in book.instruments]
    assert titles
    cited = [
        (r.id, a)
        for r in book.rules
        if r.instrument not in foreign
        for a in r.also_citations
        if any(t in a for t in titles)
    ]
    assert cited == []
