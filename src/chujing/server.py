"""The served application: the platform's API with the Chinese web pages mounted, above
both `chujing.platform` and `chujing.web` (`chujing serve`, the tests and the benchmarks
build it here)."""

from fastapi import FastAPI

from chujing import web
from chujing.platform.app import create_api
from chujing.platform.logs import configure
from chujing.platform.settings import Settings


def create_app(settings: Settings | None = None, *, worker: bool = False) -> FastAPI:
    """The API and the web pages on `settings` (the database must already be upgraded);
    with `worker`, the process also runs background jobs while it serves."""
    return create_api(settings, worker=worker, pages=web.mount)


def served_app() -> FastAPI:
    """The application of a `chujing serve` process, configured from `CHUJING_*` (uvicorn
    calls this in each server process)."""
    settings = Settings()
    configure(settings.log_level)
    return create_app(settings, worker=settings.worker_in_server)
