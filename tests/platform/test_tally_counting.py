"""The one counting rule, as a pure function: which reports count, which items of them, and
what a superseding report can change."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from chujing.platform.tally.counting import (
    CountRule,
    ItemFacts,
    ReportFacts,
    contribution,
    count,
    count_rule,
    received,
    totals,
)
from chujing.rules import load_rules

DAY = date(2026, 3, 1)
RULE = count_rule(DAY)


def _report(
    id: int, state: str = "accepted", persons: int = 1000, sensitive: int = 0, **kw: object
) -> ReportFacts:
    return ReportFacts(
        id=id,
        processor_id=1,
        zone_id=1,
        state=state,
        supersedes_id=kw.pop("supersedes", None),  # type: ignore[arg-type]
        export_date=kw.pop("day", DAY),  # type: ignore[arg-type]
        scenario="ICV-AS-01",
        persons=persons,
        sensitive_persons=sensitive,
        items=tuple(kw.pop("items", ())),  # type: ignore[arg-type]
    )


def _item(basis: str, pi: str = "personal", persons: int | None = None, *entries: str) -> ItemFacts:
    return ItemFacts(pi=pi, persons=persons, basis=basis, matched_entries=entries)


def _sum(reports: list[ReportFacts], rule: CountRule = RULE) -> int:
    return sum(c.persons for c in count(reports, lambda _: rule))


def test_the_rule_is_the_law_data() -> None:
    data = load_rules().rule("tally.cumulative_count", DAY)
    everywhere = set(data.strings_param("outside_all"))
    assert everywhere == {"o16.art3", "o16.art4", "o16.art5.1", "o16.art5.2", "o16.art5.3"}
    assert RULE.outside_entries == everywhere
    assert RULE.outside_tiers == everywhere | {"cq.art10.unlisted", "list.thresholds_not_reached"}
    assert "o16.art5.4" not in RULE.outside_tiers  # small exports count
    assert count_rule(date(2024, 3, 1)) == CountRule()  # before O16 and the guide: all counts


def test_drafts_withdrawn_and_superseded_reports_do_not_count() -> None:
    reports = [
        _report(1, "draft"),
        _report(2, "withdrawn"),
        _report(3, "superseded"),
        _report(4, "submitted"),
        _report(5, "returned"),
        _report(6, "resubmitted"),
        _report(7, "accepted"),
    ]
    assert [r.id for r in received(reports)] == [4, 5, 6, 7]


def test_a_pending_correction_replaces_the_report_it_corrects() -> None:
    original = _report(1, "accepted", 25_000)
    other = _report(2, "accepted", 79_000)
    correction = _report(3, "submitted", 50_000, supersedes=1)
    assert _sum([original, other]) == 104_000
    assert _sum([original, other, correction]) == 129_000  # not 154,000
    draft = _report(3, "draft", 50_000, supersedes=1)
    assert _sum([original, other, draft]) == 104_000
    withdrawn = _report(3, "withdrawn", 50_000, supersedes=1)
    assert _sum([original, other, withdrawn]) == 104_000


def test_exempt_items_stay_out_and_small_exports_count() -> None:
    hr = _report(1, items=[_item("o16.art5.2")])
    small = _report(2, items=[_item("o16.art5.4")])
    off_list = _report(3, items=[_item("cq.art10.unlisted", "personal", None, "ICV-AS-01-01")])
    unknown = _report(4, items=[_item("engine.some_new_basis")])
    unrecorded = _report(5)
    found = {c.report.id: c for c in count([hr, small, off_list, unknown, unrecorded])}
    assert found[1].persons == 0
    assert found[2].persons == 1000
    assert found[3].persons == 0
    assert found[3].entries == {"ICV-AS-01-01": {"persons": 1000, "sensitive_persons": 0}}
    assert found[4].persons == 1000  # a basis the data does not name counts (fail safe)
    assert found[5].persons == 1000
    assert not found[5].recorded
    assert found[1].outside("persons") == 1000
    sums = totals(found.values())
    assert sums["persons"] == 3000
    assert sums["outside_count"]["persons"] == 2000
    assert sums["unrecorded_reports"] == 1


def test_the_cautious_setting_counts_everything() -> None:
    hr = _report(1, items=[_item("o16.art5.2")])
    assert _sum([hr], CountRule()) == 1000


def test_mixed_items_count_the_counting_items_persons() -> None:
    employees = _item("o16.art5.2", "personal", 300)
    customers = _item("o16.art8", "personal", 800)
    mixed = _report(1, persons=1000, items=[employees, customers])
    assert contribution(mixed, RULE).persons == 800
    without = _report(2, persons=1000, items=[employees, _item("o16.art8")])
    assert contribution(without, RULE).persons == 1000  # counted item of unknown size: all
    overlapping = _report(3, persons=900, items=[customers, _item("o16.art8", "personal", 700)])
    assert contribution(overlapping, RULE).persons == 900  # never above the report's own


def test_each_column_counts_by_its_own_items() -> None:
    sensitive_hr = _item("o16.art5.2", "sensitive", 40)
    ordinary = _item("o16.art8", "personal", 500)
    report = _report(1, persons=500, sensitive=40, items=[ordinary, sensitive_hr])
    counted = contribution(report, RULE)
    assert (counted.persons, counted.sensitive_persons) == (500, 0)
    no_sensitive_item = _report(2, persons=500, sensitive=40, items=[ordinary])
    assert contribution(no_sensitive_item, RULE).sensitive_persons == 40  # unitemised: counts


def test_a_correction_in_another_period_still_replaces_the_original() -> None:
    original = _report(1, day=date(2026, 6, 30))
    correction = _report(2, "submitted", 1200, supersedes=1, day=date(2026, 7, 1))
    counted = count([original, correction])
    assert [c.report.id for c in counted] == [2]


def _states() -> st.SearchStrategy[str]:
    return st.sampled_from(["draft", "submitted", "returned", "resubmitted", "accepted"])


@st.composite
def _reports(draw: st.DrawFn) -> list[ReportFacts]:
    n = draw(st.integers(min_value=1, max_value=8))
    bases = st.sampled_from(["o16.art5.2", "o16.art5.4", "o16.art8", "cq.art10.unlisted", "x"])
    found = []
    for i in range(1, n + 1):
        items = draw(
            st.lists(
                st.builds(
                    ItemFacts,
                    pi=st.sampled_from(["personal", "sensitive", "none"]),
                    persons=st.none() | st.integers(0, 10_000),
                    basis=bases,
                ),
                max_size=3,
            )
        )
        found.append(
            _report(
                i,
                draw(_states()),
                draw(st.integers(0, 100_000)),
                draw(st.integers(0, 1_000)),
                items=items,
            )
        )
    return found


@settings(max_examples=300, deadline=None)
@given(
    reports=_reports(),
    pick=st.integers(min_value=0),
    persons=st.integers(0, 200_000),
    state=st.sampled_from(["draft", "submitted", "returned", "resubmitted", "accepted"]),
)
def test_a_superseding_report_changes_the_count_by_at_most_the_difference(
    reports: list[ReportFacts], pick: int, persons: int, state: str
) -> None:
    accepted = [r for r in reports if r.state == "accepted"]
    if not accepted:
        return
    old = accepted[pick % len(accepted)]
    new = _report(len(reports) + 1, state, persons, 0, supersedes=old.id, items=old.items)
    before = count(reports)
    after = count([*reports, new])
    by_id = {c.report.id: c for c in [*before, *after]}
    for measure in ("persons", "sensitive_persons"):
        change = sum(c.value(measure) for c in after) - sum(c.value(measure) for c in before)
        difference = abs(
            (by_id[new.id].value(measure) if new.id in by_id else 0) - by_id[old.id].value(measure)
        )
        assert abs(change) <= difference
