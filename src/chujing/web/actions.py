"""Running a platform service call for a page: one transaction, refusals as messages.

Writes take the same path as the API's request session (`platform.deps`): the writer
queue on the event loop (`write_turn`, FIFO on SQLite), then a write transaction in a
worker thread, so a page never waits for the database lock on the event loop and
browser and API writers queue together instead of failing with `database is locked`.
"""

from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from chujing.labels import FIELDS
from chujing.platform.deps import write_turn
from chujing.platform.errors import PlatformError
from chujing.web.session import database

T = TypeVar("T")


@dataclass
class Done(Generic[T]):
    """The service's result, or the message and field of its refusal."""

    value: T | None = None
    error: str = ""
    field: str = ""

    @property
    def ok(self) -> bool:
        """Whether the call succeeded (and was committed)."""
        return not self.error


CONTROL_ERROR = "control"
"""The pydantic error type of a page model's refusal of one of its controls (web.forms)."""
PROBLEMS = {
    "missing": "不能为空",
    "string_too_short": "不能为空",
    "too_short": "至少须填写一项",
    "string_too_long": "过长",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "greater_than_equal": "不能小于允许的最小值",
    "less_than_equal": "超过允许的最大值",
    "string_pattern_mismatch": "格式不正确",
    "date_from_datetime_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_type": "日期格式不正确（应为 YYYY-MM-DD）",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "timezone_aware": "时间须带时区",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
    "extra_forbidden": "不是此表单的字段",
    "bool_parsing": "须为是或否",
}


def _field_name(key: str) -> str:
    """A field's Chinese name; a key without one is never shown as it is."""
    from chujing.web.names import field_label

    return FIELDS.get(key) or field_label(key) or "所填内容"


def validation_message(errors: Sequence[Any]) -> tuple[str, str]:
    """The first problem of a form in Chinese, naming the field (categories[0].name →
    第1行 名称); for the API's models and for FastAPI's form models alike."""
    first = errors[0] if errors else {"loc": (), "type": ""}
    loc = [part for part in first["loc"] if part not in ("body", "path", "query")]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    if first["type"] == CONTROL_ERROR:  # a page model's own sentence about one control
        return str(first.get("msg", "")), field
    words = [f"第{p + 1}行" if isinstance(p, int) else _field_name(str(p)) for p in loc]
    problem = PROBLEMS.get(str(first["type"]), "填写有误")
    if first["type"] == "value_error":  # a validator's own (Chinese) sentence
        problem = str(first.get("msg", "")).removeprefix("Value error, ") or problem
    return f"{' '.join(words)}：{problem}", field


REFUSALS = (PlatformError, ValidationError, StaleDataError)
_writer_turn = asynccontextmanager(write_turn)


def _refused(exc: Exception) -> Done[Any]:
    """A service's refusal as the message (and field) a page shows."""
    if isinstance(exc, PlatformError):
        return Done(error=exc.message, field=exc.field or "")
    if isinstance(exc, ValidationError):
        message, field = validation_message(exc.errors())
        return Done(error=message, field=field)
    return Done(error="记录已被他人同时修改，请刷新后重试", field="version")


def _transact(request: Request, call: Callable[[Session], T], write: bool) -> T:
    with database(request).transaction(write=write) as db:
        return call(db)


async def write_transaction(request: Request, call: Callable[[Session], T]) -> T:
    """Run `call` in one write transaction, queued with the API's writers (pages write
    only on POST, whose requests `write_turn` queues); refusals propagate."""
    async with _writer_turn(request):
        return await run_in_threadpool(_transact, request, call, True)


async def attempt(request: Request, call: Callable[[Session], T]) -> Done[T]:
    """Run `call` in one write transaction; a refusal rolls it back and becomes a message."""
    try:
        return Done(value=await write_transaction(request, call))
    except REFUSALS as exc:
        return _refused(exc)


def attempt_read(request: Request, call: Callable[[Session], T]) -> Done[T]:
    """Run a read-only `call`; a refusal becomes a message."""
    try:
        return Done(value=_transact(request, call, False))
    except REFUSALS as exc:
        return _refused(exc)


def read(request: Request, call: Callable[[Session], T]) -> T:
    """Run a read-only service call (refusals propagate to the page's handler)."""
    return _transact(request, call, False)
