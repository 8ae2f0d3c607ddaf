"""Load the platform API on loopback: list and submit reports with 50 concurrent clients.

Seeds 10,000 processors and 200,000 reports by bulk insert into a fresh SQLite file (or
the (empty) database named by --database), starts `chujing serve` in a subprocess, then
runs 50 concurrent httpx clients. Each client repeatedly lists reports (as a zone officer
or as its enterprise) and submits one of its enterprise's drafts, pausing `--think`
seconds between requests (0 = closed loop, as fast as the server answers). Prints
p50/p95/p99 per operation, the throughput and the number of errors.

With `--workers N` (N > 1) the same load runs twice on the same database, first against
one server process and then against N (`chujing serve --workers N`), and the figures are
printed side by side.

Run: .venv/bin/python bench/bench_api.py [--requests 3000] [--think 1.0] [--clients 50]
     [--workers 2] [--database URL]
"""

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, select

from chujing.ids import uscc_check_char
from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import UserIn
from chujing.platform.db import Database
from chujing.platform.migrate import upgrade
from chujing.platform.orgs.models import Processor, Zone
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.reports.models import ExportReport
from chujing.platform.settings import Settings

PROCESSORS = 10_000
REPORTS = 200_000
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
STATES = ["accepted"] * 6 + ["submitted"] * 2 + ["returned", "resubmitted"]


def _uscc(n: int) -> str:
    body = "91500000" + "".join(ALPHABET[(n // 31**k) % 31] for k in range(9))
    return body + uscc_check_char(body)


def seed(url: str, clients: int, drafts_per_client: int) -> dict[str, object]:
    """Bulk-insert processors and reports; create the users and tokens of the run."""
    started = time.perf_counter()
    upgrade(url)
    database = Database(url)
    settings = Settings(database_url=url)
    rng = random.Random(7)
    now = datetime.now(UTC)
    with database.transaction() as db:
        zones = list(db.scalars(select(Zone.id).order_by(Zone.id)))
        db.execute(
            insert(Processor),
            [
                {
                    "uscc": _uscc(i),
                    "name": f"重庆压测企业{i:05d}有限公司",
                    "zone_id": zones[i % len(zones)],
                    "sector": "智能网联汽车" if i % 2 else "跨境物流",
                    "created_at": now,
                }
                for i in range(PROCESSORS)
            ],
        )
        processors = list(
            db.execute(select(Processor.id, Processor.zone_id).order_by(Processor.id))
        )
    drafts = clients * drafts_per_client
    rows = []
    for n in range(REPORTS):
        enterprise = n % clients if n < drafts else rng.randrange(PROCESSORS)
        pid, zone_id = processors[enterprise]
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
        rows.append(
            {
                "processor_id": pid,
                "zone_id": zone_id,
                "state": "draft" if n < drafts else rng.choice(STATES),
                "title": f"出境情况报告 {n}",
                "scenario": "ICV-AS-01",
                "scenario_name": "全球售后维修与客户服务",
                "categories": [{"category": 16, "name": "车主信息", "fields": ["姓名", "手机号"]}],
                "persons": rng.randrange(1, 5000),
                "sensitive_persons": 0,
                "recipients": [{"name": "Example GmbH", "country": "DE"}],
                "export_date": day,
                "year": day.year,
                "created_at": now,
            }
        )
    with database.transaction() as db:
        for start in range(0, len(rows), 20_000):
            db.execute(insert(ExportReport), rows[start : start + 20_000])
    tokens: dict[str, list[str]] = {"enterprise": [], "zone": []}
    with database.transaction() as db:
        for c in range(clients):
            pid, zone_id = processors[c]
            for kind, data in (
                (
                    "enterprise",
                    UserIn(username=f"bench-e{c}", role=Role.processor_admin, processor_id=pid),
                ),
                ("zone", UserIn(username=f"bench-z{c}", role=Role.zone_officer, zone_id=zone_id)),
            ):
                user = accounts.create_user(
                    db_session=db, actor=cli_principal(), data=data, settings=settings
                )
                _, secret = accounts.issue_token(
                    db_session=db,
                    actor=cli_principal(),
                    user=user,
                    name="bench",
                    settings=settings,
                    now=now,
                )
                tokens[kind].append(secret)
        draft_ids: list[list[int]] = [[] for _ in range(clients)]
        query = select(ExportReport.id, ExportReport.processor_id).where(
            ExportReport.state == "draft"
        )
        position = {pid: c for c, (pid, _) in enumerate(processors[:clients])}
        for report_id, pid in db.execute(query):
            draft_ids[position[pid]].append(report_id)
    # after the bulk load, what a live database's maintenance would have done: statistics
    # for the planner, and the WAL folded into the file (SQLite) or the visibility map (PG)
    if database.is_sqlite:
        with database.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        autocommit = database.engine.execution_options(isolation_level="AUTOCOMMIT")
        with autocommit.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    database.dispose()
    took = time.perf_counter() - started
    print(f"seeded {PROCESSORS} processors, {REPORTS} reports in {took:.1f} s")
    return {"tokens": tokens, "drafts": draft_ids}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """`chujing serve` with `workers` processes on loopback (no job worker inside)."""
    command = [sys.executable, "-m", "chujing", "serve", "--database", url, "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers), "--no-worker"],
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),  # the request log, one JSON line per request
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    pids: set[int] = set()
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                health = httpx.get(
                    f"http://127.0.0.1:{port}/healthz", headers={"Connection": "close"}
                )
                pids.add(health.json()["pid"])
                if len(pids) == workers:
                    return server
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group; SIGKILL it if it lingers."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


async def client(
    n: int,
    base: str,
    plan: dict[str, object],
    budget: list[int],
    think: float,
    timings: dict[str, list[float]],
    errors: list[str],
) -> None:
    tokens = plan["tokens"]
    drafts = plan["drafts"]
    assert isinstance(tokens, dict)
    assert isinstance(drafts, list)
    enterprise = {"Authorization": f"Bearer {tokens['enterprise'][n]}"}
    zone = {"Authorization": f"Bearer {tokens['zone'][n]}"}
    mine = list(drafts[n])
    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.sleep(rng.uniform(0, 2 * think))  # clients arrive spread out, not at once
        while budget[0] > 0:
            budget[0] -= 1
            roll = rng.random()
            if roll < 0.2 and mine:
                op, request = (
                    "submit",
                    http.post(
                        f"/api/v1/reports/{mine.pop()}/submit",
                        headers=enterprise,
                        json={"version": 1, "commitment": {"signed_by": "压测", "agree": True}},
                    ),
                )
            elif roll < 0.6:
                op, request = (
                    "list_zone",
                    http.get(
                        "/api/v1/reports",
                        headers=zone,
                        params={"state": rng.choice(["submitted", "accepted"]), "limit": 20},
                    ),
                )
            else:
                op, request = (
                    "list_enterprise",
                    http.get("/api/v1/reports", headers=enterprise, params={"limit": 20}),
                )
            t0 = time.perf_counter()
            try:
                response = await request
                if response.status_code >= 400:
                    errors.append(f"{op} {response.status_code} {response.text[:120]}")
            except httpx.HTTPError as exc:
                errors.append(f"{op} {type(exc).__name__}")
            timings.setdefault(op, []).append((time.perf_counter() - t0) * 1000)
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat(int(entry.name))[1])
            except (OSError, IndexError):
                continue  # ended meanwhile
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child in [c for c, p in parents.items() if p == parent and c not in tree]:
            tree.add(child)
            frontier.append(child)
    total = 0.0
    for member in tree:
        with contextlib.suppress(OSError):
            fields = _stat(member)
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Figures:
    """One run's latencies per operation, throughput, errors and server CPU."""

    def __init__(self, timings: dict[str, list[float]], elapsed: float, errors: list[str]) -> None:
        self.timings = {**timings, "all": [t for ts in timings.values() for t in ts]}
        self.elapsed = elapsed
        self.errors = errors
        self.cpu = 0.0

    def row(self, op: str) -> str:
        ts = self.timings.get(op, [])
        if not ts:
            return f"{'—':>38}"
        return (
            f"n={len(ts):>5} p50={statistics.median(ts):6.1f} p95={_pct(ts, 0.95):6.1f} "
            f"p99={_pct(ts, 0.99):6.1f}"
        )


async def run(
    base: str, plan: dict[str, object], clients: int, requests: int, think: float
) -> Figures:
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    budget = [requests]
    tokens = plan["tokens"]
    assert isinstance(tokens, dict)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:  # warm caches (rules, plans)
        for path in ("/api/v1/reports", "/api/v1/reports/commitment"):
            for _ in range(4):  # reach every server process
                await http.get(
                    path,
                    headers={
                        "Authorization": f"Bearer {tokens['enterprise'][0]}",
                        "Connection": "close",
                    },
                )
    started = time.perf_counter()
    await asyncio.gather(
        *(client(n, base, plan, budget, think, timings, errors) for n in range(clients))
    )
    return Figures(timings, time.perf_counter() - started, errors)


def report(runs: dict[str, Figures], clients: int, think: float, requests: int) -> None:
    """Print the runs side by side (latencies in ms)."""
    print(f"{clients} clients, think {think} s, {requests} requests per run")
    names = list(runs)
    print(f"  {'operation':<16}" + "".join(f"  {name:<38}" for name in names))
    ops = [*sorted({op for figures in runs.values() for op in figures.timings} - {"all"}), "all"]
    for op in ops:
        print(f"  {op:<16}" + "".join(f"  {runs[name].row(op)}" for name in names))
    for name, figures in runs.items():
        n = len(figures.timings["all"])
        print(
            f"  {name}: {n / figures.elapsed:.0f} req/s, errors: {len(figures.errors)}, "
            f"server CPU {figures.cpu:.1f} s ({figures.cpu / max(n, 1) * 1000:.1f} ms/request)"
        )
        for line in figures.errors[:5]:
            print("    error:", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests (s)")
    parser.add_argument("--database", help="an empty database's URL (default: a fresh SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="also run with N server processes")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server when we are stopped
    counts = [1] if args.workers <= 1 else [1, args.workers]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        drafts_per_client = (args.requests // args.clients + 1) * len(counts)
        plan = seed(url, args.clients, drafts_per_client)
        runs: dict[str, Figures] = {}
        drafts = plan["drafts"]
        assert isinstance(drafts, list)
        for k, workers in enumerate(counts):
            own = {**plan, "drafts": [mine[k :: len(counts)] for mine in drafts]}  # disjoint
            port = _free_port()
            server = start_server(url, port, workers, Path(tmp) / f"serve-{workers}.log")
            try:
                cpu_before = _cpu_seconds(server.pid)
                base = f"http://127.0.0.1:{port}"
                figures = asyncio.run(run(base, own, args.clients, args.requests, args.think))
                figures.cpu = _cpu_seconds(server.pid) - cpu_before
                runs[f"{workers} process" + ("es" if workers > 1 else "")] = figures
            finally:
                stop_server(server)
        report(runs, args.clients, args.think, args.requests)
        print(f"  load average at the end: {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
