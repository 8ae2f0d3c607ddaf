"""Reading a page's form: into the pydantic model the API uses, after `session.permit` has
admitted the user and checked the form's CSRF token (so no handler checks it again).

`form(Model)` is the one way a page handler reads a posted form:

    data: Annotated[RiskIn, form(RiskIn)]

It takes the model's own fields from the form (the CSRF token, buttons and other controls
are left out), trims text, drops empty controls (so the model's defaults apply, as for the
API's omitted keys), splits field lists by `split_list` and validates with the model.

A refusal — of the model here, or of the service the handler calls — shows the page the
form was posted from again, through the one `FormPage` the page declares:

    RISK = FormPage(_risk_page, controls={"uscc": "p-uscc", "name": "p-name"})
    data: Annotated[RiskIn, form(RiskIn, again=RISK)]        # the model refuses
    if not done.ok:
        return await RISK.again(request, user, done)         # the service refuses

`show(request, user, refusal)` renders the page with `page(..., refusal=refusal)`: status
422, the Chinese message (`web.actions.validation_message`) by the control `controls` names
for the refused field — a field without a control on the page (a version, a state) is the
form's general error — and what the user typed (`refusal.typed`) to fill the form again.

A form anyone may post (the anonymous quick check: it stores nothing, so it carries no
token) declares an `OpenFormPage`, whose `show` gets the `Visitor`: the signed-in user, or
None for an anonymous one.
"""

import re
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NoReturn, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from chujing.platform.inputs import MAX_ID
from chujing.platform.security import CSRF_FORM_FIELD
from chujing.web.actions import CONTROL_ERROR, Done, validation_message
from chujing.web.session import WebUser, current_user, signed_in_user

M = TypeVar("M", bound=BaseModel)
Visitor = WebUser | None
"""Who posts an open page's form: the signed-in user, or None (an anonymous visitor)."""
U = TypeVar("U", WebUser, Visitor)

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


class ControlsForm(BaseModel):
    """A page model read from controls that are not its fields (one per list entry or
    row: `fields_<code>`, `rec_name_0`…): `form` hands its `mode="before"` validator every
    control the user typed (`typed_values`), and the validator composes the fields from
    them or refuses controls by id (`refuse`)."""

    @staticmethod
    def refuse(problems: Mapping[str, str]) -> NoReturn:
        """Refuse the form: each message (a whole sentence) by the id of its control."""
        raise ValidationError.from_exception_data(
            "form",
            [
                InitErrorDetails(
                    type=PydanticCustomError(CONTROL_ERROR, message), loc=(control,), input=""
                )
                for control, message in problems.items()
            ],
        )


def text_of(values: Mapping[str, Any], name: str) -> str:
    """One control's text from `typed_values` (the first, if it was posted several times)."""
    value = values.get(name) or ""
    return (value[0] if value else "") if isinstance(value, list) else str(value).strip()


def list_of(values: Mapping[str, Any], name: str) -> list[str]:
    """Every value of one control from `typed_values` (ticked checkboxes), as a list even
    when it was posted once."""
    value = values.get(name)
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def form_values(
    model: type[BaseModel],
    received: FormData | Mapping[str, Any],
    convert: Mapping[str, Callable[[str], Any]] | None = None,
) -> dict[str, Any]:
    """The values of `model`'s fields in a posted form, as the model would read a JSON body.

    A list field takes every value of its control, each split by `split_list`; a checkbox
    (a bool field) is true when it is ticked ("on"); `convert` maps a field to a function
    reading its text (e.g. a datetime-local in Shanghai time). A `ControlsForm` takes
    every control the user typed."""
    if issubclass(model, ControlsForm):
        return dict(typed_values(received) if isinstance(received, FormData) else received)
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
    context: Any = None,
) -> M:
    """`received` read into `model` (the page's own `given` values added, `context` handed
    to its validators); a refusal is raised as the `RequestValidationError` of the form's
    body."""
    values = form_values(model, received, convert)
    values.update(given or {})
    try:
        return model.model_validate(values, context=context)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None


NOT_TYPED_AGAIN = frozenset({CSRF_FORM_FIELD, "password", "new_password"})
"""Controls never filled in again after a refusal: the token and the passwords."""


@dataclass(frozen=True)
class Refusal:
    """Why a posted form was not taken: each message by the id of its control ("form":
    the form as a whole), and what the user typed, by control name (a control with several
    values, such as ticked checkboxes, as their list)."""

    errors: Mapping[str, str]
    typed: Mapping[str, str | list[str]] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The first message (the one a page with a single error line shows)."""
        return next(iter(self.errors.values()), "")

    @property
    def control(self) -> str:
        """The id of the first message's control ("" for the form as a whole)."""
        first = next(iter(self.errors), "form")
        return "" if first == "form" else first


def typed_values(received: FormData) -> dict[str, str | list[str]]:
    """What the user typed into a posted form (uploads, token and passwords left out)."""
    typed: dict[str, str | list[str]] = {}
    for key in dict.fromkeys(received.keys()):
        if key in NOT_TYPED_AGAIN:
            continue
        values = [v for v in received.getlist(key) if isinstance(v, str)]
        if values:
            typed[key] = values[0] if len(values) == 1 else values
    return typed


Show = Callable[[Request, WebUser, Refusal], Response]


def named(*fields: str) -> dict[str, str]:
    """Controls whose id is the field's own name."""
    return {name: name for name in fields}


@dataclass(frozen=True)
class PostedFrom(ABC, Generic[U]):
    """The page a form is posted from, shown again when the form is refused: `show`
    renders it for its poster (`U`) with the refusal; `controls` maps a field of the model
    or the service to the id of its control on the page (a nested field,
    `categories[0].name`, falls back to the control of `categories`)."""

    show: Callable[[Request, U, Refusal], Response]
    controls: Mapping[str, str] = field(default_factory=dict)

    @abstractmethod
    async def poster(self, request: Request) -> U:
        """Who posted the form (`form` shows the refused form's page again to them)."""

    def control(self, name: str) -> str:
        """The id of the control on the page for a refused field ("" when it has none)."""
        root = re.split(r"[.\[]", name, maxsplit=1)[0]
        return self.controls.get(name) or self.controls.get(root, "")

    async def refuse(
        self, request: Request, user: U, problems: Sequence[tuple[str, str]]
    ) -> Response:
        """The page again with each (message, control id) and the user's input."""
        errors: dict[str, str] = {}
        for message, control in problems:
            errors.setdefault(control or "form", message)
        typed = typed_values(await request.form())
        return self.show(request, user, Refusal(errors, typed))

    async def again(self, request: Request, user: U, done: Done[Any]) -> Response:
        """The page again after the service refused the form (`web.actions.attempt`)."""
        return await self.refuse(request, user, [(done.error, self.control(done.field))])

    async def invalid(self, request: Request, errors: Sequence[Any]) -> Response:
        """The page again after the model refused the form: every problem in Chinese by its
        control (a `ControlsForm`'s own refusals name their control themselves)."""
        problems = []
        for error in errors:
            message, name = validation_message([error])
            own = error["type"] == CONTROL_ERROR
            problems.append((message, name if own else self.control(name)))
        return await self.refuse(request, await self.poster(request), problems)


class FormPage(PostedFrom[WebUser]):
    """The page of a signed-in user's form (`session.permit` admitted them and checked the
    form's CSRF token)."""

    async def poster(self, request: Request) -> WebUser:
        """The user `permit` admitted."""
        return signed_in_user(request)


class OpenFormPage(PostedFrom[Visitor]):
    """The page of a form anyone may post, signed in or not (it changes nothing, so it
    carries no session token)."""

    async def poster(self, request: Request) -> Visitor:
        """The user of the request's session, if any."""
        return await run_in_threadpool(current_user, request)


class ShownAgain(Exception):
    """A refused form's page, answered as it is (web.site): raised by `form(…, again=…)`
    before the handler runs."""

    def __init__(self, response: Response) -> None:
        super().__init__("form refused")
        self.response = response


def path_id(request: Request, name: str) -> int:
    """A record id of the page's address, for a `show` that needs it (its handler has not
    validated it yet): an id that cannot exist names no page (404)."""
    raw = str(request.path_params.get(name, ""))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise HTTPException(status_code=404)
    return int(raw)


def record_page(show: Callable[[Request, WebUser, int, Refusal], Response], name: str) -> Show:
    """The `show` of a record's page (`show(request, user, record_id, refusal)`), the record
    being the one the address names by path parameter `name`."""
    return lambda request, user, refusal: show(request, user, path_id(request, name), refusal)


def form(
    model: type[M],
    *,
    again: FormPage | OpenFormPage | None = None,
    convert: Mapping[str, Callable[[str], Any]] | None = None,
    given: Callable[[WebUser], Mapping[str, Any]] | None = None,
    path: tuple[str, ...] = (),
    gather: Callable[[FormData, WebUser], Mapping[str, Any]] | None = None,
    context: Callable[[Request], Any] | None = None,
) -> Any:
    """`Depends` reading the posted form into `model`: `Annotated[Model, form(Model)]`.

    A value the model refuses shows `again` with the message by its control (without
    `again`: the Chinese refusal page of web.site). `given` supplies the fields the page
    sets itself from the signed-in user (a zone officer's zone), `path` those the address
    names (a draft's id) — never from the form; `gather` reads the fields a page posts in
    controls of its own shape (numbered rows, `finding_0`, `finding_1`…; a nested part) as
    the model reads them; `context` gives the model's validators what they read of the
    request besides the form (`ValidationInfo.context`: the lists a plan's date chooses).
    `given` and `gather` are for signed-in pages (after `permit`)."""

    async def _read(request: Request) -> M:
        received = await request.form()
        extra = {name: request.path_params.get(name) for name in path}
        if given or gather:
            user = signed_in_user(request)
            extra = {
                **(gather(received, user) if gather else {}),
                **extra,
                **(given(user) if given else {}),
            }
        try:
            return parse(
                model,
                received,
                convert=convert,
                given=extra,
                context=context(request) if context else None,
            )
        except RequestValidationError as exc:
            if again is None:
                raise
            raise ShownAgain(await again.invalid(request, exc.errors())) from None

    return Depends(_read)


__all__ = [
    "CONTROL_ERROR",
    "FIELD_SPLIT",
    "ControlsForm",
    "FormPage",
    "OpenFormPage",
    "PostedFrom",
    "Refusal",
    "ShownAgain",
    "Visitor",
    "form",
    "form_values",
    "list_of",
    "named",
    "parse",
    "path_id",
    "record_page",
    "split_list",
    "text_of",
    "typed_values",
]
