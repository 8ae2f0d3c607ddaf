"""Pagination shared by every list endpoint: filters and `limit`/`offset` in, a `Page` out."""

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count of matching rows."""

    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(BaseModel):
    """Requested slice of a list."""

    limit: int = 50
    offset: int = 0


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="每页条数")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="跳过条数")] = 0,
) -> PageParams:
    """FastAPI dependency reading `limit` and `offset`."""
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


def where_given(query: Select[T], *filters: tuple[InstrumentedAttribute[Any], Any]) -> Select[T]:
    """`query` narrowed to `column == value` for each filter given (an empty value: no filter)."""
    for column, value in filters:
        if value:
            query = query.where(column == value)
    return query


def fetch_page(db: Session, query: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """The rows of one page and the total count of the (filtered) query."""
    rows = list(db.scalars(query.limit(params.limit).offset(params.offset)))
    if params.offset == 0 and len(rows) < params.limit:
        return rows, len(rows)  # the whole list fits on this page: no need to count
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return rows, total


def page_of(
    db: Session, query: Select[Any], params: PageParams, convert: Callable[[Any], T]
) -> Page[T]:
    """One page of `query` for a list endpoint, each row converted to its response model."""
    rows, total = fetch_page(db, query, params)
    return page_with([convert(r) for r in rows], total, params)


def page_with(items: list[T], total: int, params: PageParams) -> Page[T]:
    """The answer of a list endpoint whose service pages by itself (`items` of `total`)."""
    return Page(items=items, total=total, **params.model_dump())
