"""A rule that states no dates of its own takes its instrument's (one date, one place)."""

import re

import yaml

from chujing.rules.book import DATA_FILES, build_rule_book, data_dir, load_rules


def _texts() -> dict[str, str]:
    return {name: (data_dir() / name).read_text(encoding="utf-8") for name in DATA_FILES}


def _without_dates(texts: dict[str, str], rule_id: str) -> dict[str, str]:
    """The rules file with one rule's own effective_from/until lines removed."""
    lines = texts["rules.yaml"].splitlines(keepends=True)
    out, inside = [], False
    for line in lines:
        if re.match(r"^  - id:", line):
            inside = line.split(":", 1)[1].strip() == rule_id
        if inside and re.match(r"^    effective_(from|until):", line):
            continue
        out.append(line)
    return {**texts, "rules.yaml": "".join(out)}


def test_a_rule_without_dates_is_in_force_while_its_instrument_is() -> None:
    book = load_rules()
    dated = next(r for r in book.rules if book.instruments[r.instrument].effective_from is not None)
    instrument = book.instruments[dated.instrument]
    texts = _without_dates(_texts(), dated.id)
    parsed = yaml.safe_load(texts["rules.yaml"])
    raw = next(r for r in parsed["rules"] if r["id"] == dated.id)
    assert "effective_from" not in raw  # the test really removed the rule's own date
    rebuilt = build_rule_book(texts)
    rule = next(r for r in rebuilt.rules if r.id == dated.id)
    assert rule.effective_from == instrument.effective_from
    assert rule.effective_until == instrument.effective_until


def test_a_rules_own_dates_win() -> None:
    book = load_rules()
    starts = {i.id: i.effective_from for i in book.instruments.values()}
    own = [r for r in book.rules if r.effective_from != starts[r.instrument]]
    rebuilt = {(r.id, r.effective_from) for r in build_rule_book(_texts()).rules}
    assert {(r.id, r.effective_from) for r in own} <= rebuilt
