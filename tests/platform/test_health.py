"""Health, readiness and metrics (contract v2 §4), and the request log: one JSON line per
request with its id, user, route and latency, and no personal data in any line."""

import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from chujing.platform.logs import Scrub, json_formatter
from chujing.platform.settings import Settings
from chujing.server import create_app
from chujing.synth import values
from conftest import PASSWORD, World


@pytest.fixture
def lines() -> Iterator[list[dict[str, Any]]]:
    """Every log line the platform writes during the test, parsed as JSON."""
    parsed: list[dict[str, Any]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            parsed.append(json.loads(self.format(record)))

    handler = Keep()
    handler.setFormatter(json_formatter())
    handler.addFilter(Scrub())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield parsed
    root.removeHandler(handler)
    root.setLevel(level)


def test_healthz_names_the_process(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "pid": os.getpid()}


def test_readyz_is_ready_at_head_and_not_behind_or_unreachable(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").json()["status"] == "ready"
    app = client.app
    database = app.state.database  # type: ignore[attr-defined]
    with database.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        behind = client.get("/readyz")
        assert behind.status_code == 503
        assert "chujing db upgrade" in behind.json()["reason"]
    finally:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    broken = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert TestClient(broken).get("/readyz").status_code == 503


def test_metrics_for_loopback_and_operators_only(client: TestClient, world: World) -> None:
    client.get("/api/v1/reports", headers=world.auth("pu1a"))
    local = client.get("/metrics")
    assert local.status_code == 200
    assert local.headers["content-type"].startswith("text/plain")
    assert "http_requests_total" in local.text
    assert 'handler="/api/v1/reports"' in local.text
    assert "chujing_jobs" in local.text
    proxied = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", headers=proxied).status_code == 403
    assert client.get("/metrics", headers={**proxied, **world.auth("pu1a")}).status_code == 403
    for who in ("au", "sa"):
        allowed = client.get("/metrics", headers={**proxied, **world.auth(who)})
        assert allowed.status_code == 200, who


def test_each_request_is_one_line_with_id_user_route_and_latency(
    client: TestClient, world: World, lines: list[dict[str, Any]]
) -> None:
    response = client.get(
        "/api/v1/reports/12345", headers={**world.auth("pu1a"), "X-Request-ID": "req-abc-12345"}
    )
    assert response.headers["x-request-id"] == "req-abc-12345"
    client.get("/healthz", headers={"X-Request-ID": "bad id\nforged"})
    requests = [line for line in lines if line.get("event") == "request"]
    assert requests, lines
    first, second = requests[0], requests[-1]
    assert first["request_id"] == "req-abc-12345"
    assert first["user_id"] == world.user_ids["pu1a"]
    assert first["route"] == "/api/v1/reports/{report_id}"
    assert first["status"] == 404
    assert isinstance(first["latency_ms"], float)
    assert first["pid"] == os.getpid()
    assert second["request_id"] != "bad id\nforged"
    assert len(second["request_id"]) == 32


def test_no_personal_data_reaches_the_logs(
    client: TestClient, world: World, lines: list[dict[str, Any]]
) -> None:
    import random

    rng = random.Random(5)
    name, phone, resident = values.name(rng), values.mobile(rng), values.resident_id(rng)
    secret_user = f"user{phone}"
    # a failed login naming a person, a query string and a body with personal data, and a bug
    client.post("/api/v1/auth/login", json={"username": secret_user, "password": PASSWORD})
    client.get(f"/api/v1/reports?q={phone}&name={name}", headers=world.auth("pu1a"))
    client.post(
        "/api/v1/reports",
        headers=world.auth("pu1a"),
        json={"title": name, "persons": resident, "recipients": [{"name": name}]},
    )
    client.get("/healthz", headers={"X-Forwarded-For": "198.51.100.77", "User-Agent": phone})
    try:
        raise ValueError(f"{name} {phone} {resident}")
    except ValueError:
        logging.getLogger("chujing.test").exception("a failure quoting data")
    platform = [line for line in lines if line["logger"] != "httpx"]  # the test's own client
    text_of_logs = "\n".join(json.dumps(line, ensure_ascii=False) for line in platform)
    assert lines
    for value in (name, phone, resident, secret_user, PASSWORD, "198.51.100.77", "testclient"):
        assert value not in text_of_logs, value
    quoted = [line for line in lines if line.get("logger") == "chujing.test"]
    assert quoted[0]["error"].startswith("ValueError at ")
