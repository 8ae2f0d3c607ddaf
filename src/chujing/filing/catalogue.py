"""The materials each filing route requires, read from data/materials.yaml."""

from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from chujing.rules import RuleBook
from chujing.rules.models import Located

Source = Literal["drafted", "supplied"]
SetName = Literal[
    "security_assessment",
    "standard_contract",
    "certification",
    "personal_information",
    "chongqing_list",
    "always",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Guide(_Strict):
    """A CAC guide (指南, not a regulation) whose material list and templates we follow."""

    title: str
    issuer: str
    published: date


class Basis(_Strict):
    """Where a material is required: an instrument of the rule book, or a guide's part."""

    instrument: str | None = None
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    guide: str | None = None
    locator: str | None = None


class Material(_Strict):
    """One required material: drafted by chujing (`file`) or supplied by the enterprise."""

    key: str
    title: str
    source: Source
    file: str | None = None
    basis: list[Basis]


class Catalogue(_Strict):
    """Every route's materials and the guides they cite."""

    version: str
    guides: dict[str, Guide]
    sets: dict[SetName, list[Material]]

    def cite(self, basis: Basis, book: RuleBook) -> str:
        """The Chinese citation of one basis."""
        if basis.guide is not None:
            return f"《{self.guides[basis.guide].title}》" + (basis.locator or "")
        assert basis.instrument is not None
        return book.cite(
            Located(
                instrument=basis.instrument,
                article=basis.article,
                paragraph=basis.paragraph,
                item=basis.item,
                locator=basis.locator,
            )
        )

    def basis_text(self, material: Material, book: RuleBook) -> str:
        """All of a material's bases, joined as people read them."""
        return "、".join(self.cite(b, book) for b in material.basis)


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue (validated once per process)."""
    text = resources.files("chujing.filing").joinpath("data/materials.yaml").read_text("utf-8")
    return Catalogue.model_validate(yaml.safe_load(text))
