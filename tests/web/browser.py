"""The in-process server the browser journeys drive: uvicorn in a thread on loopback."""

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Page, expect

from chujing.platform.demo import seed_demo
from chujing.platform.migrate import upgrade
from chujing.platform.settings import Settings
from chujing.server import create_app

from .world import PASSWORD, World, seed

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


AXE_VERSION = "4"  # the major version the accessibility walk is written against
AXE_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chujing" / "npm"


def axe_source() -> str:
    """axe-core's browser bundle, installed from the npm registry into a cache directory
    outside the repository (`scripts/setup.sh` does the same); never vendored."""
    bundle = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not bundle.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install axe-core for the accessibility walk")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(AXE_CACHE),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return bundle.read_text(encoding="utf-8")


def launch_args(base: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments for Debian's chromium, headless, without the
    sandbox a container cannot give."""
    return {**base, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form using the keyboard-reachable controls."""
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .who")).to_contain_text(username)


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/ (git-ignored; CI keeps it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary),
  }));
}"""


def axe_violations(page: Page, source: str) -> list[dict[str, Any]]:
    """Inject axe-core into the page (through DevTools' evaluate, which the pages' CSP does
    not govern) and return every violation of its default rule set."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return found
