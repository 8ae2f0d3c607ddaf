"""Assembles the web pages and static files onto the platform application."""

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as HTTPError

from chujing.platform.errors import PlatformError
from chujing.platform.limits import BodyLimit
from chujing.web.actions import validation_message
from chujing.web.bodylimit import limit_for, refuse_page
from chujing.web.forms import ShownAgain
from chujing.web.rendering import page
from chujing.web.session import BadCsrf, LoginRequired, NotAllowed, current_user

STATIC_DIR = Path(__file__).parent / "static"
NOT_PAGES = ("/api/", "/docs", "/openapi.json")


# the platform's answers to what no service refused (app.py's JSON handlers), for pages
UNFORESEEN: dict[type, tuple[int, str]] = {
    StaleDataError: (409, "记录已被他人同时修改，请返回刷新后重试。"),
    IntegrityError: (409, "与已有记录冲突，请返回刷新后重试。"),
    Exception: (500, "服务器内部错误，本次操作未生效。请稍后重试；如仍有问题，请联系平台管理员。"),
}
HTTP_MESSAGES = {
    405: "此地址不接受这种请求方式，请从页面上的链接或按钮办理。",
    413: "提交的内容过大。",
}


def _install_refusal_pages(app: FastAPI) -> None:
    """A service refusal, a form its model refuses, or an HTTP error (unknown path, wrong
    method) that escapes a page becomes a Chinese page with its status; the API keeps its
    JSON error (its handler is called unchanged)."""
    kinds = (PlatformError, RequestValidationError, ValidationError, HTTPError)
    for kind in (*kinds, StaleDataError, IntegrityError, Exception):
        app.add_exception_handler(kind, _refusal_page(app.exception_handlers.get(kind)))


def _refusal_page(api_handler: Any) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def _refused(request: Request, exc: Exception) -> Response:
        if api_handler is not None and request.url.path.startswith(NOT_PAGES):
            result = api_handler(request, exc)
            response: Response = await result if inspect.isawaitable(result) else result
            return response
        user = current_user(request)
        if isinstance(exc, PlatformError):
            template = "forbidden.html" if exc.status in (401, 403) else "refused.html"
            return page(request, template, user=user, message=exc.message, status_code=exc.status)
        if isinstance(exc, RequestValidationError | ValidationError):
            message = validation_message(exc.errors())[0]
            return page(request, "refused.html", user=user, message=message, status_code=422)
        if not isinstance(exc, HTTPError):  # a conflict the service did not foresee, or a bug
            status, message = UNFORESEEN.get(type(exc), UNFORESEEN[Exception])
            try:
                return page(request, "refused.html", user=user, message=message, status_code=status)
            except Exception:  # the layout itself failed: a bare page, still in Chinese
                bare = f'<!doctype html><html lang="zh-CN"><title>无法办理</title><p>{message}</p>'
                return HTMLResponse(bare, status_code=status)
        if exc.status_code == 404:
            return page(request, "not_found.html", user=user, status_code=404)
        message = HTTP_MESSAGES.get(exc.status_code, f"请求无法办理（状态 {exc.status_code}）。")
        response = page(
            request, "refused.html", user=user, message=message, status_code=exc.status_code
        )
        response.headers.update(exc.headers or {})
        return response

    return _refused


def _install_unknown_ids(app: FastAPI) -> None:
    """A page address whose id cannot exist (not a number, out of the ids' range) names no
    record: the Chinese 404 page; other invalid input keeps the platform's handler."""
    api_handler = app.exception_handlers[RequestValidationError]

    async def _invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        in_path = all(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        if in_path and not request.url.path.startswith(NOT_PAGES):
            user = current_user(request)
            return page(request, "not_found.html", user=user, status_code=404)
        result = api_handler(request, exc)
        return await result if inspect.isawaitable(result) else result

    app.add_exception_handler(RequestValidationError, _invalid)


def _install_page_errors(app: FastAPI) -> None:
    @app.exception_handler(ShownAgain)
    async def _shown_again(_: Request, exc: ShownAgain) -> Response:
        return exc.response  # a refused form's page (web.forms.FormPage)

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    def forbidden(message: str) -> Callable[[Request, Exception], Awaitable[HTMLResponse]]:
        async def answer(request: Request, _: Exception) -> HTMLResponse:
            user = current_user(request)
            return page(request, "forbidden.html", user=user, message=message, status_code=403)

        return answer

    app.add_exception_handler(NotAllowed, forbidden("当前账户的角色无权访问此页面。"))
    app.add_exception_handler(
        BadCsrf, forbidden("表单校验失败（CSRF），请返回上一页刷新后重新提交。")
    )


def mount(app: FastAPI) -> None:
    """Add every page router and `/static` to `app` (the API under /api/v1 is untouched)."""
    from chujing.web.admin import router as admin
    from chujing.web.auth import router as auth
    from chujing.web.cases import router as cases
    from chujing.web.city import router as city
    from chujing.web.consult import router as consult
    from chujing.web.directory import router as directory
    from chujing.web.draws import router as draws
    from chujing.web.enterprise import router as enterprise
    from chujing.web.filing import router as filing
    from chujing.web.halfyear import router as halfyear
    from chujing.web.inbox import router as inbox
    from chujing.web.inspections import router as inspections
    from chujing.web.postexport import router as postexport
    from chujing.web.processors import router as processors
    from chujing.web.public import router as public
    from chujing.web.reports import router as reports
    from chujing.web.surveys import router as surveys

    _install_page_errors(app)
    _install_refusal_pages(app)
    _install_unknown_ids(app)
    # inside platform.headers, so its 413 page has them too
    app.add_middleware(BodyLimit, limit_for=limit_for, refuse=refuse_page)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    routers = [public, auth, enterprise, reports, city, draws, inspections, directory]
    routers += [postexport, admin, halfyear, surveys, consult, filing, cases, processors]
    routers += [inbox]
    for router in routers:
        app.include_router(router, include_in_schema=False)
