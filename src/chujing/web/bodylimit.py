"""Upload size limits of the pages and their Chinese 413 page; the platform's `BodyLimit`
(platform/limits.py) enforces them while the body streams."""

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from chujing.web.rendering import page

MIB = 2**20
DEFAULT_LIMIT = 5 * MIB
SCAN_PATH = "/enterprise/scan"
# Paths (exact) that accept larger bodies than the default: the wizard's scan upload.
LIMITS = {SCAN_PATH: 50 * MIB}
NOT_LIMITED = ("/api/", "/static/")  # the API has the platform's own limit


def limit_for(path: str) -> int | None:
    """The largest request body (bytes) a page at `path` accepts; None off the pages."""
    if path.startswith(NOT_LIMITED):
        return None
    return LIMITS.get(path.rstrip("/") or "/", DEFAULT_LIMIT)


def limit_words(limit: int) -> str:
    """A limit as users read it (50 MB)."""
    return f"{limit // MIB} MB" if limit % MIB == 0 else f"{limit:,} 字节"


async def refuse_page(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """The Chinese 413 page naming the path's limit."""
    request = Request(scope, receive)
    message = f"上传的内容超过了此页面 {limit_words(limit)} 的上限，未予接收。请缩小文件后重试"
    if request.url.path.rstrip("/") == SCAN_PATH:
        message += "；更大的数据文件请使用命令行 chujing scan 在本地扫描"
    message += "。"
    response = page(request, "too_large.html", message=message, status_code=413)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
