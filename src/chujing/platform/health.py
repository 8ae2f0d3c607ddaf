"""Endpoints for operators and their tools (contract v2 §4): `/healthz` (the process runs),
`/readyz` (the database answers and is at the head revision), `/metrics` (Prometheus).

`/metrics` answers loopback callers that did not come through a proxy (a proxy adds
`X-Forwarded-For`), and otherwise an auditor's or administrator's bearer token. With
several server processes the counts are summed over all of them (prometheus_client's
multiprocess mode, `PROMETHEUS_MULTIPROC_DIR`, set by `chujing serve --workers N`).
"""

import ipaddress
import os
from collections.abc import Iterator
from functools import lru_cache

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select, text

from chujing.platform.accounts import service as accounts
from chujing.platform.db import Database, utcnow
from chujing.platform.errors import Forbidden
from chujing.platform.jobs.models import Job
from chujing.platform.logs import Observer
from chujing.platform.permissions import Role

router = APIRouter(include_in_schema=False)
METRICS_ROLES = (Role.auditor, Role.system_admin)
FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip")
UNMEASURED = frozenset({"/metrics", "/healthz", "/readyz"})


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration shipped with this package."""
    from alembic.script import ScriptDirectory

    from chujing.platform.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@router.get("/healthz")
async def healthz() -> JSONResponse:
    """The process is up (nothing else is checked)."""
    return JSONResponse({"status": "ok", "pid": os.getpid()})


def _revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """Ready to serve: the database answers and has every migration of this version."""
    database: Database = request.app.state.database
    try:
        revision = _revision(database)
    except Exception:
        return JSONResponse({"status": "unavailable", "reason": "数据库无法连接"}, status_code=503)
    if revision != head_revision():
        return JSONResponse(
            {
                "status": "unavailable",
                "reason": "数据库版本不是最新，请运行 chujing db upgrade",
                "revision": revision,
                "head": head_revision(),
            },
            status_code=503,
        )
    return JSONResponse({"status": "ready", "revision": revision})


def _loopback(request: Request) -> bool:
    if any(name in request.headers for name in FORWARDED) or request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return request.client.host == "testclient"  # Starlette's in-process test client


def _operator(request: Request) -> bool:
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return False
    database: Database = request.app.state.database
    with database.transaction(write=False) as db:
        principal = accounts.resolve_token(
            db_session=db, secret=secret.strip(), address=None, now=utcnow()
        )
    return principal is not None and principal.role in METRICS_ROLES


class JobsCollector:
    """`chujing_jobs{kind,state}`: the queue as the database holds it, read at scrape time."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "chujing_jobs", "Background jobs by kind and state", labels=["kind", "state"]
        )
        with self.database.transaction(write=False) as db:
            rows = db.execute(
                select(Job.kind, Job.state, func.count()).group_by(Job.kind, Job.state)
            )
            for kind, state, count in rows:
                family.add_metric([kind, state], count)
        yield family


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus text format, for loopback callers or auditors and administrators."""
    if not (_loopback(request) or _operator(request)):
        raise Forbidden("指标仅对本机或审计员、系统管理员的令牌开放", field="Authorization")
    registry: CollectorRegistry = request.app.state.metrics_registry
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry_with_jobs = CollectorRegistry()
    registry_with_jobs.register(JobsCollector(request.app.state.database))
    body = generate_latest(registry) + generate_latest(registry_with_jobs)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def install(app: FastAPI) -> Observer:
    """Add the endpoints; returns what records each request's count and latency (by route
    template and status class, as `RequestLog` reports them)."""
    registry = CollectorRegistry()
    app.state.metrics_registry = registry
    requests = Counter(
        "http_requests",
        "HTTP requests by method, route template and status class",
        ["method", "handler", "status"],
        registry=registry,
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency by method and route template",
        ["method", "handler"],
        registry=registry,
    )
    app.include_router(router)

    def observe(method: str, route: str, status: int, seconds: float) -> None:
        if route in UNMEASURED:
            return
        requests.labels(method, route, f"{status // 100}xx").inc()
        latency.labels(method, route).observe(seconds)

    return observe
