"""The Annex category numbers the platform accepts: those of the catalogue the served pack
loads (Chongqing's 40 二级类别, another pack's own), never a number written in a model."""

from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from chujing.rules.jurisdiction import current_book


def category_count() -> int:
    """How many 二级类别 the served pack's catalogue has (numbered 1..N, no gaps)."""
    return len(current_book().catalogue.categories)


def _in_catalogue(number: int) -> int:
    bound = category_count()
    if number > bound:
        raise PydanticCustomError(
            "less_than_equal",
            "Input should be less than or equal to {le}",
            {"le": bound},
        )
    return number


AnnexCategory = Annotated[int, Field(ge=1), AfterValidator(_in_catalogue)]
"""An Annex 二级类别 number of the served pack's catalogue."""

__all__ = ["AnnexCategory", "category_count"]
