"""The platform's FastAPI application: routers under /api/v1, JSON errors, request logs,
health and metrics, and (in served processes) the job worker. The layers above add their
routes through `pages`; the served application with the web pages is `chujing.server`."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from weakref import WeakKeyDictionary

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from chujing import __version__
from chujing.platform.db import Database
from chujing.platform.errors import PlatformError
from chujing.platform.headers import install_security
from chujing.platform.limits import BodyLimit
from chujing.platform.logs import RequestLog
from chujing.platform.settings import Settings
from chujing.rules.packs import current_pack

API_PREFIX = "/api/v1"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message, "field": field}}


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where = parts.pop(0)
        if not parts:
            return str(where)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _api_limit(max_bytes: int) -> Callable[[str], int | None]:
    def limit_for(path: str) -> int | None:
        return max_bytes if path.startswith(API_PREFIX) else None

    return limit_for


async def _refuse_json(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse(
        error_body("too_large", f"请求体超过 {limit} 字节", "body"), status_code=413
    )
    await response(scope, receive, send)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def _platform(_: Request, exc: PlatformError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, exc.field),
            status_code=exc.status,
            headers=exc.headers(),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid"}
        field = _field_of(tuple(first.get("loc", ())))
        message = f"{field}: {first.get('msg', '')}" if field else str(first.get("msg", ""))
        return JSONResponse(error_body("invalid", message, field or None), status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, exc: StaleDataError) -> JSONResponse:
        return JSONResponse(
            error_body("stale", "记录已被他人同时修改，请刷新后重试", "version"), status_code=409
        )

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        # a bug, never a refusal: still JSON, and the request's transaction was rolled back
        return JSONResponse(error_body("internal", "服务器内部错误"), status_code=500)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        return JSONResponse(error_body("conflict", "与已有记录冲突，请刷新后重试"), status_code=409)


def _lifespan(settings: Settings, worker: bool) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if worker:
            from chujing.platform.jobs.runner import Worker

            app.state.worker = Worker(settings, database=app.state.database).start()
        try:
            yield
        finally:
            if worker:
                app.state.worker.stop()
                app.state.worker = None

    return lifespan


def create_api(
    settings: Settings | None = None,
    *,
    worker: bool = False,
    pages: Callable[[FastAPI], None] | None = None,
) -> FastAPI:
    """Build the application on `settings` (the database must already be upgraded); with
    `worker`, the process also runs background jobs while it serves; `pages` adds the routes
    of a layer above the platform, inside the security headers and the request log."""
    from chujing.platform import health
    from chujing.platform.routers import api_router

    settings = settings or Settings()
    app = FastAPI(
        title="出境 chujing 平台 API",
        version=__version__,
        description=f"{current_pack().short_name}数据出境负面清单管理平台："
        "数据处理者、自贸区各板块（片区）、市级部门共用的接口。",
        openapi_url="/openapi.json",
        docs_url=None,  # served by platform.headers.install_security, from local assets
        redoc_url=None,
        lifespan=_lifespan(settings, worker),
    )
    app.state.settings = settings
    app.state.worker = None
    app.state.database = Database(settings.database_url)
    app.state.write_gates = WeakKeyDictionary()  # event loop -> writer queue (deps.write_turn)
    _install_error_handlers(app)
    app.add_middleware(
        BodyLimit, limit_for=_api_limit(settings.max_body_bytes), refuse=_refuse_json
    )
    app.include_router(api_router, prefix=API_PREFIX)
    observe = health.install(app)
    if pages is not None:
        pages(app)
    install_security(app, settings)  # last: its headers wrap every other answer
    app.add_middleware(RequestLog, observe=observe)  # outermost: times, logs and counts all
    return app
