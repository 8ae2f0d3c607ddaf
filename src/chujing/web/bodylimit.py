"""Upload size limits of the pages (the platform limits only the JSON API's bodies).

A body whose declared length is too large is refused before any of it is read; one sent
without a length (chunked) is counted as it streams and refused at the first chunk past
the limit, so a huge upload is never buffered whole. The refusal is a Chinese page (413).
"""

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chujing.web.rendering import page

MIB = 2**20
DEFAULT_LIMIT = 5 * MIB
SCAN_PATH = "/enterprise/scan"
# Paths (exact) that accept larger bodies than the default: the wizard's scan upload.
LIMITS = {SCAN_PATH: 50 * MIB}
NOT_LIMITED = ("/api/", "/static/")  # the API has the platform's own limit


def limit_for(path: str) -> int:
    """The largest request body (bytes) a page at `path` accepts."""
    return LIMITS.get(path.rstrip("/") or "/", DEFAULT_LIMIT)


def limit_words(limit: int) -> str:
    """A limit as users read it (50 MB)."""
    return f"{limit // MIB} MB" if limit % MIB == 0 else f"{limit:,} 字节"


class _TooLarge(Exception):
    """The body streamed past its limit."""


class PageBodyLimit:
    """ASGI middleware refusing page request bodies larger than their path's limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.startswith(NOT_LIMITED):
            await self.app(scope, receive, send)
            return
        limit = limit_for(path)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        size = 0
        started = False

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if started:  # a page streaming its answer while still reading: cannot happen
                raise
            await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        request = Request(scope, receive)
        message = f"上传的内容超过了此页面 {limit_words(limit)} 的上限，未予接收。请缩小文件后重试"
        if request.url.path.rstrip("/") == SCAN_PATH:
            message += "；更大的数据文件请使用命令行 chujing scan 在本地扫描"
        message += "。"
        response = page(request, "too_large.html", message=message, status_code=413)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
