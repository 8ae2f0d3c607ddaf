"""Structured logs: one JSON object per line on stderr, for journald or any log shipper.

Each request is logged once by `RequestLog` with its request id (taken from a well-formed
`X-Request-ID` header, e.g. nginx's `$request_id`, or made here, and echoed back), the user
id, the route *template* (never the path or query, which may hold names or numbers), the
status and the latency. No line carries personal data: no addresses, usernames, query
strings, bodies or exception messages (which may quote values, e.g. SQL parameters) —
exceptions are logged by type and the code location they were raised at.
"""

import logging
import logging.config
import re
import time
import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Any

from prometheus_fastapi_instrumentator.routing import get_route_name
from pythonjsonlogger.json import JsonFormatter
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
log = logging.getLogger("chujing.request")


def describe(exc: BaseException | None, tb: TracebackType | None = None) -> str:
    """An exception by its type and the place it was raised, without its message."""
    if exc is None:
        return ""
    frame = tb or exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f" at {frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else ""
    return f"{type(exc).__name__}{where}"


class Scrub(logging.Filter):
    """Replaces a record's traceback (whose text includes the exception's message) by
    `describe`, on every line the platform's handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            _, exc, tb = record.exc_info
            record.error = describe(exc, tb)
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        return True


def json_formatter() -> JsonFormatter:
    """One JSON object per record: time, level, logger, pid, message and the extra fields."""
    return JsonFormatter(
        "%(levelname)s %(name)s %(process)d %(message)s",
        rename_fields={"levelname": "level", "name": "logger", "process": "pid"},
        timestamp=True,
    )


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the platform's processes (also given to uvicorn,
    which applies it in every server process); uvicorn's access log is replaced by
    `RequestLog`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"scrub": {"()": Scrub}},
        "formatters": {"json": {"()": json_formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["scrub"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
            "apscheduler": {"level": "WARNING"},
        },
    }


def configure(level: str = "INFO") -> None:
    """Send this process's logs to stderr as JSON lines."""
    logging.config.dictConfig(logging_config(level))


def note_user(request: Request, user_id: int | None) -> None:
    """Remember who the request is from, for its log line."""
    request.state.user_id = user_id


Observer = Callable[[str, str, int, float], None]
"""Told of each request: method, route template, status, seconds."""


class RequestLog:
    """ASGI middleware writing one line per HTTP request (and telling `observe`, the
    metrics, the same facts)."""

    def __init__(self, app: ASGIApp, observe: Observer | None = None) -> None:
        self.app = app
        self.observe = observe
        self._templates: dict[int, str] = {}  # route object -> its full template

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER)
        request_id = given if given and _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = self._template(scope)
            if self.observe is not None:
                self.observe(str(scope.get("method")), route, status, seconds)
            log.info(
                "request",
                extra={
                    "event": "request",
                    "request_id": request_id,
                    "user_id": state.get("user_id"),
                    "method": scope.get("method"),
                    "route": route,
                    "status": status,
                    "latency_ms": round(seconds * 1000, 1),
                },
            )

    def _template(self, scope: Scope) -> str:
        """The matched route's full template (`/api/v1/reports/{report_id}`), resolved once
        per route; a mount by its prefix; "(unmatched)" otherwise."""
        route = scope.get("route")
        if route is None:
            mount = str(scope.get("root_path", ""))
            return mount or "(unmatched)"
        known = self._templates.get(id(route))
        if known is None:
            known = get_route_name(Request(scope), should_include_root_path=False) or "(unmatched)"
            self._templates[id(route)] = known
        return known


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode()
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            return bytes(value).decode("latin-1")
    return None
