"""Properties that must hold for every plan: monotonicity and determinism."""

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chujing.engine import assess, parse_plan
from chujing.engine.outcome import PATHWAY_ORDER
from chujing.rules import load_lists, load_rules

BOOK = load_rules()
LISTS = load_lists()
SCENARIOS = {s.code: s for lst in LISTS for s in lst.scenarios if lst.ftz == "chongqing"}

counts = st.integers(min_value=0, max_value=12_000_000)
kinds = st.sampled_from(sorted(BOOK.sensitive_kinds))


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    pi = draw(st.sampled_from(["none", "personal", "sensitive"]))
    scenario = SCENARIOS[draw(st.sampled_from(sorted(SCENARIOS)))]
    entry = draw(st.sampled_from(scenario.entries))
    item: dict[str, Any] = {
        "name": draw(st.sampled_from(["车主信息", "轨迹", "研发数据", "日志"])),
        "category": draw(st.sampled_from([entry.category, 16, 22, 28])),
        "fields": draw(st.lists(st.sampled_from([*entry.fields, "备注"]), max_size=3)),
        "pi": pi,
        "important_data": draw(st.sampled_from(["none", "none", "candidate", "notified"])),
        "export_control": draw(st.sampled_from(["none"] * 6 + ["controlled_item"])),
        "core_data": draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
    }
    if pi == "sensitive":
        item["sensitive_kinds"] = draw(st.lists(kinds, max_size=2, unique=True))
    return item


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "date": draw(st.sampled_from(["2024-06-01", "2025-06-01", "2026-03-01", "2027-09-01"])),
        "settings": {
            "annex_candidates_as_important": draw(st.booleans()),
            "ciio_may_use_list": draw(st.booleans()),
            "other_ftz_lists": draw(st.sampled_from(["reference", "exempt"])),
        },
        "processor": {
            "name": "示例公司",
            "ftz": draw(st.sampled_from(["none", "registered", "operating", "exporting"])),
            "ciio": draw(st.booleans()),
            "state_organ": draw(st.booleans()) and draw(st.booleans()),
            "sector": draw(st.sampled_from(["智能网联汽车", "医药", "电子商务", "零售", None])),
        },
        "scenario": draw(st.sampled_from([None, *sorted(SCENARIOS)])),
        "purposes": draw(
            st.lists(
                st.sampled_from(
                    [
                        "hr_management",
                        "contract_with_individual",
                        "international_trade",
                        "marketing",
                    ]
                ),
                max_size=2,
                unique=True,
            )
        ),
        "necessity_attested": draw(st.booleans()),
        "persons": draw(counts),
        "sensitive_persons": draw(counts),
        "year_to_date": {"persons": draw(counts), "sensitive_persons": draw(counts)},
        "items": draw(st.lists(items(), min_size=1, max_size=4)),
    }


def rank(plan: dict[str, Any]) -> int:
    return PATHWAY_ORDER.index(assess(parse_plan(plan, BOOK), lists=LISTS, book=BOOK).pathway)


@settings(max_examples=300, deadline=None)
@given(
    plans(),
    st.integers(min_value=0, max_value=5_000_000),
    st.integers(min_value=0, max_value=50_000),
)
def test_more_persons_never_yields_a_laxer_pathway(
    plan: dict[str, Any], more: int, more_sensitive: int
) -> None:
    bigger = {
        **plan,
        "persons": plan["persons"] + more,
        "sensitive_persons": plan["sensitive_persons"] + more_sensitive,
    }
    assert rank(bigger) >= rank(plan)


@settings(max_examples=300, deadline=None)
@given(plans(), st.integers(min_value=0, max_value=5_000_000))
def test_more_exported_earlier_this_year_never_yields_a_laxer_pathway(
    plan: dict[str, Any], more: int
) -> None:
    ytd = plan["year_to_date"]
    bigger = {**plan, "year_to_date": {**ytd, "persons": ytd["persons"] + more}}
    assert rank(bigger) >= rank(plan)


@settings(max_examples=300, deadline=None)
@given(plans(), items())
def test_adding_an_item_never_relaxes_the_outcome(
    plan: dict[str, Any], extra: dict[str, Any]
) -> None:
    bigger = {**plan, "items": [*plan["items"], extra]}
    assert rank(bigger) >= rank(plan)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_the_output_is_deterministic(plan: dict[str, Any]) -> None:
    first = assess(parse_plan(plan, BOOK), lists=LISTS, book=BOOK).to_json()
    second = assess(
        parse_plan(json.loads(json.dumps(plan)), BOOK), lists=LISTS, book=BOOK
    ).to_json()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_every_reason_cites_a_rule_of_the_book(plan: dict[str, Any]) -> None:
    outcome = assess(parse_plan(plan, BOOK), lists=LISTS, book=BOOK)
    ids = {r.id for r in BOOK.rules}
    for reason in [*outcome.reasons, *(r for i in outcome.items for r in i.reasons)]:
        assert reason.rule in ids
        assert reason.citation.startswith("《")


VOCABULARY = BOOK.vocabulary
ICV = next(lst for lst in LISTS if lst.id == "cq-ftz-icv")
PI_OF = {
    "important_data": "none",
    "personal_information": "personal",
    "sensitive_personal_information": "sensitive",
}


@st.composite
def listed_items(draw: st.DrawFn) -> dict[str, Any]:
    """An item written from one entry of the ICV list: where matching decides."""
    _, entry = draw(st.sampled_from(ICV.entries()))
    item: dict[str, Any] = {
        "name": draw(st.sampled_from([entry.name, "数据项"])),
        "category": entry.category,
        "fields": draw(
            st.lists(st.sampled_from(entry.fields), min_size=1, max_size=3, unique=True)
        ),
        "pi": draw(st.sampled_from([PI_OF[entry.data_type], "personal"])),
    }
    if item["pi"] == "sensitive":
        item["sensitive_kinds"] = ["whereabouts"]
    return item


@st.composite
def listed_plans(draw: st.DrawFn) -> dict[str, Any]:
    """A plan the ICV list governs (FTZ processor of its sector, in its validity)."""
    return {
        "date": "2026-03-01",
        "processor": {"name": "示例公司", "ftz": "registered", "sector": ICV.sector},
        "scenario": draw(st.sampled_from([s.code for s in ICV.scenarios])),
        "persons": draw(st.sampled_from([0, 50_000, 150_000, 600_000, 1_200_000])),
        "sensitive_persons": draw(st.sampled_from([0, 500, 5_000, 20_000])),
        "items": draw(st.lists(listed_items(), min_size=1, max_size=3)),
    }


@settings(max_examples=300, deadline=None)
@given(listed_plans())
def test_leaving_out_the_scenario_never_relaxes_the_outcome(plan: dict[str, Any]) -> None:
    assert rank({**plan, "scenario": None}) >= rank(plan)


@settings(max_examples=300, deadline=None)
@given(listed_plans())
def test_leaving_out_a_category_never_relaxes_the_outcome(plan: dict[str, Any]) -> None:
    plain = {
        **plan,
        "items": [{k: v for k, v in i.items() if k != "category"} for i in plan["items"]],
    }
    assert rank(plain) >= rank(plan)


@st.composite
def rewritten(draw: st.DrawFn, field: str) -> str:
    """The same field written another way: a synonym, another width or case, or inside a
    longer name."""
    element = VOCABULARY.element(field)
    spellings = element.spellings if element else [field]
    spelling = draw(st.sampled_from(spellings))
    return draw(
        st.sampled_from(
            [
                spelling,
                spelling.upper(),
                f" {spelling} ",
                f"车主{spelling}（备用）",
                f"客户_{spelling}",
            ]
        )
    )


@settings(max_examples=300, deadline=None)
@given(st.data(), listed_plans())
def test_writing_a_field_another_way_never_relaxes_the_outcome(
    data: st.DataObject, plan: dict[str, Any]
) -> None:
    other = {
        **plan,
        "items": [
            {**i, "fields": [data.draw(rewritten(f)) for f in i["fields"]]} for i in plan["items"]
        ],
    }
    assert rank(other) >= rank(plan)
