"""The spreadsheet names the pathways with the pages' words, in its documented spelling."""

from pathlib import Path
from typing import get_args

from chujing.engine.labels import PATHWAY_SHORT
from chujing.listxlsx import layout
from chujing.rules.lists import ListPathway


def test_every_list_pathway_has_a_cell_saying_the_pages_words() -> None:
    assert set(layout.PATHWAYS) == set(get_args(ListPathway))
    for pathway, cell in layout.PATHWAYS.items():
        assert cell == PATHWAY_SHORT[pathway].replace("/", "或")


def test_the_documented_cells_are_the_layouts() -> None:
    doc = Path(__file__).parents[2] / "docs" / "list-excel.md"
    row = next(
        line for line in doc.read_text("utf-8").splitlines() if line.startswith("| 出境路径 |")
    )
    assert row.split("|")[3].strip() == " / ".join(layout.PATHWAYS.values()) + " / empty"
