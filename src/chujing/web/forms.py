"""Reading a page's form: into the pydantic model the API uses, after `session.permit` has
admitted the user and checked the form's CSRF token (so no handler checks it again).

`form(Model)` is the one way a page handler reads a posted form:

    data: Annotated[RiskIn, form(RiskIn)]

It takes the model's own fields from the form (the CSRF token, buttons and other controls
are left out), trims text, drops empty controls (so the model's defaults apply, as for the
API's omitted keys), splits field lists by `split_list` and validates with the model. A value
the model refuses raises `RequestValidationError`: the pages answer it with a Chinese message
naming the field (`web.actions.validation_message`), never a traceback.
"""

import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from chujing.web.session import WebUser, signed_in_user

M = TypeVar("M", bound=BaseModel)

FIELD_SPLIT = re.compile(r"[、，,；;\s]+")
"""What separates the items of a field list typed into one control: 、，,；; or whitespace."""


def split_list(text: str) -> list[str]:
    """The items of a list typed into one control (data fields, categories, countries…)."""
    return [item for item in FIELD_SPLIT.split(text) if item]


def _is_list(annotation: Any) -> bool:
    """Whether a model field holds a list (Optional and Annotated unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        return True
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return False


def _is_bool(annotation: Any) -> bool:
    return annotation is bool or (
        typing.get_origin(annotation) in (typing.Union, types.UnionType)
        and bool in typing.get_args(annotation)
    )


def form_values(
    model: type[BaseModel],
    received: FormData | Mapping[str, Any],
    convert: Mapping[str, Callable[[str], Any]] | None = None,
) -> dict[str, Any]:
    """The values of `model`'s fields in a posted form, as the model would read a JSON body.

    A list field takes every value of its control, each split by `split_list`; a checkbox
    (a bool field) is true when it is ticked ("on"); `convert` maps a field to a function
    reading its text (e.g. a datetime-local in Shanghai time)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        raw = (
            received.getlist(key)
            if isinstance(received, FormData)
            else [received[key]]
            if key in received
            else []
        )
        texts = [v.strip() for v in raw if isinstance(v, str)]
        files = [v for v in raw if isinstance(v, UploadFile) and v.filename]
        if _is_list(info.annotation):
            items = [item for text in texts for item in split_list(text)]
            if items:
                values[key] = items
            continue
        if files:
            values[key] = files[0]
        elif texts and texts[0]:
            text = texts[0]
            if convert and name in convert:
                values[key] = convert[name](text)
            elif _is_bool(info.annotation):
                values[key] = text in ("on", "true", "1", "yes")
            else:
                values[key] = text
    return values


def parse(
    model: type[M],
    received: FormData | Mapping[str, Any],
    *,
    convert: Mapping[str, Callable[[str], Any]] | None = None,
    given: Mapping[str, Any] | None = None,
) -> M:
    """`received` read into `model` (the page's own `given` values added); a refusal is
    raised as the `RequestValidationError` of the form's body."""
    values = form_values(model, received, convert)
    values.update(given or {})
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None


def form(
    model: type[M],
    *,
    convert: Mapping[str, Callable[[str], Any]] | None = None,
    given: Callable[[WebUser], Mapping[str, Any]] | None = None,
) -> Any:
    """`Depends` reading the posted form into `model`: `Annotated[Model, form(Model)]`.

    `given` supplies the fields the page sets itself from the signed-in user (a zone
    officer's zone), never from the form."""

    async def _read(request: Request) -> M:
        extra = given(signed_in_user(request)) if given is not None else None
        return parse(model, await request.form(), convert=convert, given=extra)

    return Depends(_read)


async def texts(request: Request) -> dict[str, str]:
    """The form's text fields (uploads left out), for the pages not yet on `form(Model)`."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


async def fields(request: Request) -> dict[str, Any]:
    """The form's fields, uploads included, for the pages not yet on `form(Model)`."""
    return dict((await request.form()).items())


__all__ = ["FIELD_SPLIT", "fields", "form", "form_values", "parse", "split_list", "texts"]
