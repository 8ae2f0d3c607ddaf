"""Real processes on SQLite and PostgreSQL: `chujing serve --workers 2 --no-worker` and
`chujing worker`. A scan uploaded through one server process is polled through the others
while a separate worker runs it; the worker is killed with SIGKILL mid-scan and another
finishes the job; then everything is killed with SIGKILL under a write load and, after a
restart, every acknowledged write and job is still there and every job ends visibly."""

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import UserIn
from chujing.platform.db import Database
from chujing.platform.jobs.models import Job, JobState
from chujing.platform.migrate import upgrade
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings
from chujing.synth import values
from conftest import new_processor, report_body, token_secret

PASSWORD = "Proc-Test-9!kLm#2vQ"
CHUJING = [sys.executable, "-m", "chujing"]
STARTUP = 180.0  # seconds: a loaded 2-core machine imports slowly


@dataclass
class Cluster:
    """The processes of one installation, sharing a database and a data directory."""

    url: str
    directory: Path
    port: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "CHUJING_DATABASE_URL": self.url,
            "CHUJING_DATA_DIR": str(self.directory / "data"),
            "CHUJING_JOB_LEASE_SECONDS": "8",  # outlasts a heartbeat late on a loaded machine
            "CHUJING_JOB_POLL_SECONDS": "0.2",
        }

    def start(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        """A process in its own group, so SIGKILL reaches its children too."""
        process = subprocess.Popen(
            [*CHUJING, *args],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / log).open("ab"),
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def serve(self, *extra: str) -> subprocess.Popen[bytes]:
        return self.start(
            "serve", "--port", str(self.port), "--workers", "2", *extra, log="serve.log"
        )

    def worker(self) -> subprocess.Popen[bytes]:
        return self.start("worker", "--threads", "1", log="worker.log")

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP
        pids: set[int] = set()
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    pids.add(httpx.get(f"{self.base}/healthz", headers=CLOSE).json()["pid"])
                    if len(pids) == 2:  # both server processes answer
                        return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server not ready; log: {self.log('serve.log')[-2000:]}")

    def log(self, name: str) -> str:
        path = self.directory / name
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and every process it started."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def kill_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


CLOSE = {"Connection": "close"}  # a new connection each time: any server process may answer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _big_csv(rows: int) -> bytes:
    rng = random.Random(3)
    people = [(values.name(rng), values.mobile(rng), values.resident_id(rng)) for _ in range(500)]
    lines = ["客户姓名,手机号码,身份证号,订单金额"]
    lines += [
        f"{people[i % 500][0]},{people[i % 500][1]},{people[i % 500][2]},{i % 997}.50"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def seeded(database_url: str) -> dict[str, Any]:
    upgrade(database_url)
    settings = Settings(database_url=database_url)
    database = Database(database_url)
    try:
        with database.transaction() as db:
            zone = orgs.zone_by_code(db_session=db, code="liangjiang").id
            processor = new_processor(db, zone, "智能网联汽车", random.Random(8)).id
            user = accounts.create_user(
                db_session=db,
                actor=cli_principal(),
                data=UserIn(
                    username="proc-ent",
                    role=Role.processor_user,
                    processor_id=processor,
                    password=PASSWORD,
                ),
                settings=settings,
            )
            token = token_secret(db, user, settings)
    finally:
        database.dispose()
    return {"token": token}


@pytest.fixture
def cluster(database_url: str, tmp_path: Path) -> Iterator[Cluster]:
    made = Cluster(url=database_url, directory=tmp_path, port=_free_port())
    yield made
    made.kill_all()


def _browser(base: str) -> httpx.Client:
    browser = httpx.Client(base_url=base, timeout=30)
    form = browser.get("/login")
    token = form.text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    signed = browser.post(
        "/login", data={"username": "proc-ent", "password": PASSWORD, "login_csrf": token}
    )
    assert signed.status_code == 303, signed.text[:300]
    return browser


def _upload(browser: httpx.Client, name: str, data: bytes) -> str:
    page = browser.get("/enterprise/assess?scenario=ICV-AS-01")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    started = browser.post(
        "/enterprise/scan",
        data={"csrf_token": csrf, "scenario": "ICV-AS-01"},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text[:300]
    return started.headers["location"].split("?", 1)[0].rsplit("/", 1)[1]


def _job(url: str, job_id: str) -> Job:
    database = Database(url)
    try:
        with database.transaction(write=False) as db:
            job = db.get(Job, job_id)
            assert job is not None, f"job {job_id} was lost"
            return job
    finally:
        database.dispose()


def _until(what: str, check: Any, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_jobs_survive_killed_workers_and_a_killed_installation(
    cluster: Cluster, seeded: dict[str, Any]
) -> None:
    servers = cluster.serve("--no-worker")
    first = cluster.worker()
    cluster.wait_ready()
    browser = _browser(cluster.base)

    # a scan uploaded through one server process, polled through both, run by the worker
    job_id = _upload(browser, "big.csv", _big_csv(400_000))
    running = _until(
        "the worker to take the scan",
        lambda: (job := _job(cluster.url, job_id)).state == JobState.running.value and job,
    )
    assert running.worker.split(":")[1] == str(first.pid)
    cluster.kill(first)  # SIGKILL mid-scan
    assert _job(cluster.url, job_id).state == JobState.running.value
    cluster.worker()  # another worker takes the job over once the dead one's lease lapses

    def finished() -> dict[str, Any] | None:
        status: dict[str, Any] = browser.get(
            f"/enterprise/scan/{job_id}/status", headers=CLOSE
        ).json()
        return status if status["done"] else None

    status = _until("the scan to finish", finished, timeout=180)
    assert status["message"] == "扫描完成：共 400,000 行", status
    done = _job(cluster.url, job_id)
    assert done.state == JobState.done.value
    assert done.attempts == 2
    assert "发现 500 个不同的个人信息主体" in browser.get(f"/enterprise/scan/{job_id}").text
    polled_by = {
        line["pid"]
        for line in map(json.loads, cluster.log("serve.log").splitlines())
        if line.get("route") == "/enterprise/scan/{job_id}/status"
    }
    uploaded_by = {
        line["pid"]
        for line in map(json.loads, cluster.log("serve.log").splitlines())
        if line.get("route") == "/enterprise/scan" and line.get("method") == "POST"
    }
    assert len(uploaded_by) == 1
    assert polled_by - uploaded_by, "no poll was answered by the other server process"

    # under a write load, SIGKILL everything; after a restart nothing acknowledged is lost
    token = {"Authorization": f"Bearer {seeded['token']}"}
    acknowledged: list[int] = []
    scans: list[str] = []
    stop = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=cluster.base, timeout=10) as api:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    made = api.post(
                        "/api/v1/reports", headers=token, json=report_body(title=f"压力 {n}")
                    )
                except httpx.HTTPError:
                    continue
                if made.status_code == 201:
                    acknowledged.append(made.json()["id"])

    writers = [threading.Thread(target=write) for _ in range(4)]
    for writer in writers:
        writer.start()
    for n in range(3):
        scans.append(_upload(browser, f"s{n}.csv", _big_csv(2_000 + n)))
    time.sleep(1.0)
    cluster.kill_all()
    stop.set()
    for writer in writers:
        writer.join()
    assert len(acknowledged) > 10

    cluster.serve()  # this time each server process runs a worker too
    cluster.wait_ready()
    database = Database(cluster.url)
    try:
        from chujing.platform.reports.models import ExportReport

        with database.transaction(write=False) as db:
            stored = set(
                db.scalars(select(ExportReport.id).where(ExportReport.id.in_(acknowledged)))
            )
        assert stored == set(acknowledged), f"lost {len(set(acknowledged) - stored)} writes"
    finally:
        database.dispose()
    for scan_id in scans:
        ended = _until(
            f"scan {scan_id} to end",
            lambda s=scan_id: (
                (job := _job(cluster.url, s)).state in (JobState.done.value, JobState.failed.value)
                and job
            ),
        )
        assert ended.state == JobState.done.value, ended.error
    assert servers.poll() is not None
