"""The Chinese web UI: server-rendered Jinja2 pages over the rules, the engine and the
platform services, mounted into the platform's FastAPI application by `mount(app)`."""

from chujing.web.site import mount

__all__ = ["mount"]
