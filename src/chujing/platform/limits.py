"""The one request-body size limit of the application, for the API and the pages alike.

A body whose declared length is too large is refused before any of it is read; one sent
without a length (chunked) is counted as it streams and refused at the first chunk past the
limit, so a huge upload is never buffered whole. Each installation names its limit per path
(None: not limited here) and how to refuse: the API answers its JSON error, the pages a
Chinese page (`web.bodylimit`).
"""

from collections.abc import Awaitable, Callable
from contextlib import suppress

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LimitFor = Callable[[str], int | None]
Refuse = Callable[[Scope, Receive, Send, int], Awaitable[None]]


class _TooLarge(Exception):
    """The body streamed past its limit."""


class BodyLimit:
    """ASGI middleware refusing request bodies larger than their path's limit (413)."""

    def __init__(self, app: ASGIApp, limit_for: LimitFor, refuse: Refuse) -> None:
        self.app = app
        self.limit_for = limit_for
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self.refuse(scope, receive, send, limit)
            return
        size = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal size, exceeded
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    exceeded = True
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's answer to a body it could not read (e.g. a 400): dropped
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with suppress(_TooLarge):
            await self.app(scope, counted, watched)
        if exceeded:
            if started:  # an answer streaming while its body is still read: cannot happen
                raise RuntimeError("request body exceeded its limit after the response began")
            await self.refuse(scope, receive, send, limit)
