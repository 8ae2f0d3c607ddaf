"""The published list of inspection items (一单), kept as data with its legal bases."""

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from chujing.platform.errors import Invalid


class InspectionItem(BaseModel):
    """One inspection item: what is checked, on which legal basis, how often, at what ratio."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str
    content: str
    basis: str
    ratio: str = Field(pattern=r"^[0-9]+(\.[0-9]+)?$")
    frequency: str
    inspectors_per_processor: int = Field(ge=2, le=20)


class InspectionItems(BaseModel):
    """The whole list and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    items: list[InspectionItem]


@lru_cache(maxsize=1)
def inspection_items() -> InspectionItems:
    """The shipped list (`supervision/data/inspection_items.yaml`)."""
    text = (
        resources.files("chujing.platform.supervision")
        .joinpath("data/inspection_items.yaml")
        .read_text("utf-8")
    )
    return InspectionItems.model_validate(yaml.safe_load(text))


def item(code: str) -> InspectionItem:
    """One item by code, or an error naming `item`."""
    for candidate in inspection_items().items:
        if candidate.code == code:
            return candidate
    raise Invalid(f"未知的检查事项：{code}", field="item")
