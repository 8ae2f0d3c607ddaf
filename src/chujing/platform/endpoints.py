"""Route factories for the shapes many domains share, so that a route module states only
what differs: the path, the guard, the body, the service function and the response.

A route made here is an ordinary FastAPI route: its operation id and OpenAPI summary come
from `name`, its description from `summary`, as for a hand-written one.
"""

from collections.abc import Callable
from typing import Protocol, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import Session

from chujing.platform.deps import SessionDep
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.principal import Principal

BodyT = TypeVar("BodyT", bound=BaseModel)
BodyT_contra = TypeVar("BodyT_contra", bound=BaseModel, contravariant=True)
RowT = TypeVar("RowT")
RowT_co = TypeVar("RowT_co", covariant=True)
OutT = TypeVar("OutT", bound=BaseModel)


class Creates(Protocol[BodyT_contra, RowT_co]):
    """A service function making one record from a request body."""

    __name__: str

    def __call__(self, *, db_session: Session, actor: Principal, data: BodyT_contra) -> RowT_co: ...


class Lists(Protocol[RowT_co]):
    """A service function giving the query of the records the caller may see."""

    def __call__(self, *, actor: Principal) -> Select[RowT_co]: ...


def add_create(
    router: APIRouter,
    path: str,
    guard: object,
    body: type[BodyT],
    create: Creates[BodyT, RowT],
    out: type[OutT],
    summary: str,
    *,
    name: str | None = None,
    show: Callable[[RowT], OutT] | None = None,
) -> None:
    """`POST path` (201): `create` the record of `body` for a caller admitted by `guard`,
    shown as `out` (through `show` where the row is not read as it stands); `name` (the
    operation id) defaults to the service function's."""
    shown = show or out.model_validate

    def route(db: SessionDep, actor: Principal, data: BodyT) -> OutT:
        return shown(create(db_session=db, actor=actor, data=data))

    # FastAPI reads the guard and the body's model from the annotations
    route.__annotations__.update(actor=guard, data=body)
    router.add_api_route(
        path,
        route,
        methods=["POST"],
        response_model=out,
        status_code=201,
        name=name or create.__name__,
        description=summary,
    )


def add_list(
    router: APIRouter,
    path: str,
    guard: object,
    query: Lists[RowT],
    out: type[OutT],
    summary: str,
    *,
    name: str,
    show: Callable[[RowT], OutT] | None = None,
) -> None:
    """`GET path`: one page of the records `query` lets a caller admitted by `guard` see,
    shown as `out` (through `show` where the row is not read as it stands)."""
    shown = show or out.model_validate

    def route(db: SessionDep, actor: Principal, page: PageDep) -> Page[OutT]:
        return page_of(db, query(actor=actor), page, shown)

    route.__annotations__["actor"] = guard  # FastAPI reads the guard from the annotation
    router.add_api_route(
        path,
        route,
        methods=["GET"],
        response_model=Page[out],  # type: ignore[valid-type]  # the model is an argument
        name=name,
        description=summary,
    )
