"""Constrained input types shared by every domain's request schemas.

Text refuses control characters and lone surrogates, which no database stores
faithfully; every length is bounded.
"""

import re
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, Field, StringConstraints

_LINE_BAD = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_TEXT_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean_line(value: str) -> str:
    if _LINE_BAD.search(value):
        raise ValueError("不得包含控制字符")
    return value


def _clean_text(value: str) -> str:
    if _TEXT_BAD.search(value):
        raise ValueError("不得包含控制字符")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_clean_line),
]
ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean_line)]
LongText = Annotated[str, StringConstraints(max_length=20000), AfterValidator(_clean_text)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Uscc = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NP-RT-UW-Y]{18}$")]
MAX_ID = 2**31 - 1  # INTEGER columns on PostgreSQL: primary keys, counts, versions
Count = Annotated[int, Field(ge=0, le=MAX_ID)]
# every path id of the API and the pages: one past the range is a 422 (a 404 page), never a 500
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
Email = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
