"""The in-process server the browser journeys drive: uvicorn in a thread on loopback."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from chujing.platform.app import create_app
from chujing.platform.demo import seed_demo
from chujing.platform.migrate import upgrade
from chujing.platform.settings import Settings

from .world import World, seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(directory: Path) -> Iterator[tuple[str, World]]:
    """The platform with its pages on a fresh SQLite database holding the platform's demo
    data and the test world; yields its URL."""
    url = f"sqlite:///{directory / 'e2e.sqlite3'}"
    upgrade(url)
    settings = Settings(database_url=url)
    seed_demo(settings)
    app = create_app(settings, worker=True)  # scan uploads are jobs its worker runs
    world = seed(app.state.database, settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", world
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.database.dispose()
