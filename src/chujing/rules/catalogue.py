"""A pack's classification annex: Chongqing's 《数据分类分级参考规则》 (13 一级类别, 40 二级类别),
Tianjin's 13 大类 / 46 子类, Beijing's 13类41子类.

In the seed the example column is a merged cell spanning several rows, so each
example block is stored once and attached to every category it spans.
"""

from typing import Annotated

from pydantic import Field, model_validator

from chujing.rules.models import MAX_CATEGORY, Strict


class Standard(Strict):
    """A sector standard a category defers to for important-data identification."""

    id: str
    title: str
    number: str


class ExampleBlock(Strict):
    """The 重要数据识别参考规则（示例） text spanning a run of categories."""

    id: str
    categories: list[Annotated[int, Field(ge=1, le=MAX_CATEGORY)]]
    text: str


class Level1(Strict):
    """一级类别."""

    code: str
    name: str


class Category(Strict):
    """二级类别 with its 数据基本信息描述."""

    number: Annotated[int, Field(ge=1, le=MAX_CATEGORY)]
    level1: str
    name: str
    description: str | None = None
    defers_to: list[str] = Field(default_factory=list)


class CategoryView(Strict):
    """A category with its 一级类别, example blocks and deferred standards resolved."""

    number: int
    name: str
    level1: Level1
    description: str | None
    examples: list[str]
    defers_to: list[Standard]


class Catalogue(Strict):
    """The whole Annex table."""

    title: str
    level1: list[Level1]
    categories: list[Category]
    example_blocks: list[ExampleBlock]
    standards: list[Standard]

    @model_validator(mode="after")
    def _consistent(self) -> "Catalogue":
        numbers = [c.number for c in self.categories]
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise ValueError("categories must be numbered 1..N without gaps or repeats")
        codes = {lv.code for lv in self.level1}
        standard_ids = {s.id for s in self.standards}
        for cat in self.categories:
            if cat.level1 not in codes:
                raise ValueError(f"category {cat.number}: unknown level1 {cat.level1!r}")
            for std in cat.defers_to:
                if std not in standard_ids:
                    raise ValueError(f"category {cat.number}: unknown standard {std!r}")
        spanned = sorted(n for block in self.example_blocks for n in block.categories)
        if spanned != sorted(numbers):
            raise ValueError("example blocks must span every category exactly once")
        return self

    def view(self, number: int) -> CategoryView:
        """Resolve one category for display; KeyError when there is no such number."""
        cat = next((c for c in self.categories if c.number == number), None)
        if cat is None:
            raise KeyError(number)
        level1 = next(lv for lv in self.level1 if lv.code == cat.level1)
        return CategoryView(
            number=cat.number,
            name=cat.name,
            level1=level1,
            description=cat.description,
            examples=[b.text for b in self.example_blocks if number in b.categories],
            defers_to=[s for s in self.standards if s.id in cat.defers_to],
        )

    def search(self, text: str) -> list[CategoryView]:
        """Categories whose name, 一级类别, description or examples contain text."""
        needle = text.strip().lower()
        hits = []
        for cat in self.categories:
            view = self.view(cat.number)
            haystack = " ".join(
                [view.name, view.level1.name, view.description or "", *view.examples]
            ).lower()
            if needle in haystack:
                hits.append(view)
        return hits
