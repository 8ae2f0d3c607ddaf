"""Every reading of the law is labelled as one in the data and listed in docs/law-readings.md."""

from pathlib import Path

import pytest

from chujing.rules import load_rules
from chujing.rules.jurisdiction import load_jurisdiction
from chujing.rules.packs import pack_codes

BOOK = load_rules()
DOC = (Path(__file__).parents[2] / "docs" / "law-readings.md").read_text(encoding="utf-8")


def test_every_reading_rule_is_listed_with_its_id() -> None:
    readings = {r.id for r in BOOK.rules if r.reading}
    assert readings, "the rule data marks no reading"
    assert {r for r in readings if f"`{r}`" not in DOC} == set()


def test_every_setting_is_listed_with_its_default() -> None:
    for setting in BOOK.settings.values():
        row = next(
            (line for line in DOC.splitlines() if line.startswith(f"| `{setting.name}`")), ""
        )
        cells = [c.strip() for c in row.split("|")]
        default = str(setting.default).lower() if setting.type == "bool" else setting.default
        assert cells[2:3] == [f"`{default}`"], (setting.name, row)


def test_a_reading_says_so_in_its_title() -> None:
    unlabelled = [
        r.id
        for r in BOOK.rules
        if r.reading
        and not any(w in r.title for w in ("本平台解读", "本平台审慎口径", "本平台提示"))
    ]
    assert unlabelled == []


@pytest.mark.parametrize("code", pack_codes())
def test_every_pack_reading_is_listed_and_labelled(code: str) -> None:
    book = load_jurisdiction(code)
    readings = [r for r in book.rules if r.reading]
    assert {r.id for r in readings if f"`{r.id}`" not in DOC} == set()
    labels = ("本平台解读", "本平台审慎口径", "本平台提示")
    assert [r.id for r in readings if not any(w in r.title for w in labels)] == []
