"""Concurrent browser writes queue with the API's writers (one event loop, SQLite)."""

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from .conftest import csrf_of, sign_in
from .world import World

WRITERS = 20


def test_twenty_concurrent_form_posts_and_api_writes_all_succeed(
    app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = app.state.database
    original = database.transaction
    on_event_loop: list[bool] = []

    @contextmanager
    def watched(*, write: bool = True) -> Iterator[Session]:
        """Record write transactions opened on the event loop, where waiting for the
        database lock would stall every request (the writer in turn included)."""
        if write:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                pass
            else:
                on_event_loop.append(True)
        with original(write=write) as session:
            yield session

    monkeypatch.setattr(database, "transaction", watched)
    with TestClient(app) as client:  # one event loop for every request, as under uvicorn
        sign_in(client, "ent1")
        token = csrf_of(client, "/consultations")
        before = client.get("/api/v1/consultations", params={"limit": 1}).json()["total"]

        def form_post(i: int) -> int:
            response = client.post(
                "/consultations",
                data={"csrf_token": token, "subject": f"并发提问 {i}", "question": "网页表单"},
                follow_redirects=False,
            )
            return response.status_code

        def api_post(i: int) -> int:
            response = client.post(
                "/api/v1/consultations",
                json={"subject": f"接口提问 {i}", "question": "接口"},
                headers={"X-CSRF-Token": token},
            )
            return response.status_code

        with ThreadPoolExecutor(WRITERS) as pool:
            forms = [pool.submit(form_post, i) for i in range(WRITERS)]
            apis = [pool.submit(api_post, i) for i in range(WRITERS)]
            statuses = [f.result(timeout=120) for f in forms], [f.result(timeout=120) for f in apis]
        assert statuses == ([303] * WRITERS, [201] * WRITERS)
        after = client.get("/api/v1/consultations", params={"limit": 1}).json()["total"]
        assert after - before == 2 * WRITERS
    assert on_event_loop == []
