"""Upload size limits of the pages: a Chinese 413 page naming the limit, refused while
streaming (a body without a declared length is not read past its limit)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from chujing.web.bodylimit import DEFAULT_LIMIT, LIMITS, MIB

from .conftest import post_form, sign_in, upload_scan
from .world import World

SCAN_LIMIT = LIMITS["/enterprise/scan"]


def test_receipt_upload_over_the_default_limit_is_refused_with_a_chinese_page(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    receipt = ("receipt.json", b"{" + b" " * DEFAULT_LIMIT + b"}", "application/json")
    refused = post_form(
        client, "/zone/draws/1/verify", "/zone/draws", status=413, files={"receipt": receipt}
    )
    assert "上传内容过大" in refused.text
    assert "5 MB" in refused.text
    assert "chujing scan" not in refused.text  # the command-line hint is for data files
    assert refused.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]


def test_scan_upload_accepts_more_than_the_default_but_not_past_its_own_limit(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    header = b"name,phone\n"
    upload_scan(client, "big.csv", header + b"a,1\n" * (DEFAULT_LIMIT // 4 + 10))
    refused = upload_scan(client, "huge.csv", header + b"x" * SCAN_LIMIT, status=413)
    assert "50 MB" in refused.text
    assert "chujing scan" in refused.text


def _post_streamed(app: Any, path: str, chunks: int) -> tuple[int, int, bytes]:
    """POST a file of `chunks` MiB to `path` without a Content-Length; (status, chunks
    read, body)."""
    read = 0
    messages: list[dict[str, Any]] = []

    opening = b'--b\r\nContent-Disposition: form-data; name="f"; filename="f.csv"\r\n\r\n'

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        body = opening if read == 1 else b"a" * MIB
        return {"type": "http.request", "body": body, "more_body": read < chunks}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"multipart/form-data; boundary=b")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    with ThreadPoolExecutor(1) as own_loop:  # a loop of its own, whatever runs in this one
        own_loop.submit(asyncio.run, app(scope, receive, send)).result()
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, read, body


def test_a_streamed_body_is_refused_at_the_limit_without_reading_the_rest(
    app: Any, world: World
) -> None:
    status, read, body = _post_streamed(app, "/check", chunks=200)
    assert status == 413
    assert read == 1 + DEFAULT_LIMIT // MIB  # the opening, then 1 MiB chunks to the limit
    assert "5 MB" in body.decode()
