"""Security headers on every response, in one pure ASGI middleware (`install_security`).

- `Content-Security-Policy`: pages load nothing from elsewhere and run no inline script;
  the API docs (`/docs`) run only the Swagger UI served from the installed package
  (`chujing.platform.apidocs`); everything else (JSON, downloads, metrics) may run nothing.
- `X-Content-Type-Options: nosniff`, `Referrer-Policy`, `X-Frame-Options` everywhere.
- `Cache-Control: no-store` on every answer to a request with credentials (session cookie
  or bearer token) and on the answer that sets a session cookie, so that no shared or
  browser cache keeps an authenticated page or download.
"""

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chujing.platform.apidocs import DOCS_PATH, install_docs
from chujing.platform.proxies import trusted_networks
from chujing.platform.security import SESSION_COOKIE
from chujing.platform.settings import Settings

_COMMON = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
PAGE_CSP = f"default-src 'self'; img-src 'self' data:; form-action 'self'; {_COMMON}"
# Swagger UI sets inline styles on the elements it renders (never inline script)
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:; connect-src 'self'; form-action 'self'; {_COMMON}"
)
NONE_CSP = f"default-src 'none'; form-action 'none'; {_COMMON}"
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CACHEABLE = ("/static/", f"{DOCS_PATH}/assets/")  # public files, identical for everyone


class SecurityHeaders:
    """Adds the headers above to every HTTP response (a header already set is kept, except
    that no-store always wins on credentialed answers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        request = Headers(scope=scope)
        credentials = "authorization" in request or f"{SESSION_COOKIE}=" in request.get(
            "cookie", ""
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                docs = path == DOCS_PATH or path.startswith(f"{DOCS_PATH}/")
                policy = DOCS_CSP if docs else PAGE_CSP if html else NONE_CSP
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                sets_session = any(
                    value.startswith(f"{SESSION_COOKIE}=")
                    for value in headers.getlist("set-cookie")
                )
                if (credentials or sets_session) and not path.startswith(CACHEABLE):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings) -> None:
    """The API docs from local assets and the headers on everything (register it last, so
    that it wraps every other middleware's answers too). Checks the proxy setting now, so a
    bad `CHUJING_TRUSTED_PROXIES` stops the start instead of failing every sign-in."""
    trusted_networks(settings.trusted_proxies)
    install_docs(app)
    app.add_middleware(SecurityHeaders)
