"""The published list of inspection items (一单), kept as data with its legal bases.

The bases are rule ids, cited as the served jurisdiction pack's book has them: under a pack
whose measures have no such rule an item names the pack's measures in general, never another
pack's articles (`documents.model.pack_citation`).
"""

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from chujing.documents.model import pack_citation
from chujing.platform.errors import Invalid
from chujing.rules.packs import current_pack


def _cited(rules: list[str]) -> list[str]:
    return [c for c in map(pack_citation, rules) if c]


def measures_in_general() -> str:
    """What an item rests on where the served pack's measures have none of its rules."""
    return f"{current_pack().short_name}数据出境负面清单管理有关规定"


class InspectionItem(BaseModel):
    """One inspection item: what is checked, on which legal basis, how often, at what ratio."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str
    content: str
    rules: list[str]  # the rule ids of its legal basis (the home pack's measures)
    basis: str = ""  # those rules as the served pack cites them (filled on loading)
    ratio: str = Field(pattern=r"^[0-9]+(\.[0-9]+)?$")
    frequency: str
    inspectors_per_processor: int = Field(ge=2, le=20)


class InspectionItems(BaseModel):
    """The whole list and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rules: list[str]  # the rules the list as a whole rests on
    note: str  # the national requirement it also follows (双随机、一公开)
    source: str = ""  # rules and note as the served pack cites them (filled on loading)
    items: list[InspectionItem]


def inspection_items() -> InspectionItems:
    """The shipped list (`supervision/data/inspection_items.yaml`), cited for the served pack."""
    return _served(current_pack().code)


@lru_cache(maxsize=8)
def _served(code: str) -> InspectionItems:
    text = (
        resources.files("chujing.platform.supervision")
        .joinpath("data/inspection_items.yaml")
        .read_text("utf-8")
    )
    data = yaml.safe_load(text)
    for raw in data["items"]:
        raw["basis"] = "、".join(_cited(raw["rules"])) or measures_in_general()
    whole = "、".join(_cited(data["rules"])) or measures_in_general()
    data["source"] = f"{whole}；{data['note']}"
    return InspectionItems.model_validate(data)


def item(code: str) -> InspectionItem:
    """One item by code, or an error naming `item`."""
    for candidate in inspection_items().items:
        if candidate.code == code:
            return candidate
    raise Invalid(f"未知的检查事项：{code}", field="item")
