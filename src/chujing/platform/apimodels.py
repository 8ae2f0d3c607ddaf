"""Bases of the API's request and response models, so that each states its rule once.

A request body refuses fields it does not know (a typo is an error, not silently ignored);
a response model reads the attributes of the ORM row (or dataclass) it shows.
"""

from typing import Self

from pydantic import BaseModel, ConfigDict


class InModel(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class OutModel(BaseModel):
    """A response built from an ORM row (`OutModel.model_validate(row)`)."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, row: object, **computed: object) -> Self:
        """`row` shown with the fields it does not store (`computed`) worked out by the caller."""
        stored = {k: getattr(row, k) for k in cls.model_fields if k not in computed}
        return cls.model_validate({**stored, **computed})
