"""Load the platform API on loopback: list and submit reports with 50 concurrent clients.

Seeds 10,000 processors and 200,000 reports by bulk insert into a fresh SQLite file (or
the database named by --database), starts uvicorn in a subprocess, then runs 50
concurrent httpx clients. Each client repeatedly lists reports (as a zone officer or as
its enterprise) and submits one of its enterprise's drafts, pausing `--think` seconds
between requests (0 = closed loop, as fast as the server answers). Prints p50/p99 per
operation, the throughput and the number of errors.

Run: .venv/bin/python bench/bench_api.py [--requests 3000] [--think 1.0] [--clients 50]
"""

import argparse
import asyncio
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


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    """uvicorn serving create_app on loopback, in its own process."""
    code = (
        "import uvicorn;"
        "from chujing.platform.app import create_app;"
        "from chujing.platform.settings import Settings;"
        f"uvicorn.run(create_app(Settings(database_url={url!r})), host='127.0.0.1', port={port},"
        "log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


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


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(
    base: str, plan: dict[str, object], clients: int, requests: int, think: float
) -> None:
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    budget = [requests]
    tokens = plan["tokens"]
    assert isinstance(tokens, dict)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:  # warm caches (rules, plans)
        for path in ("/api/v1/reports", "/api/v1/reports/commitment"):
            await http.get(path, headers={"Authorization": f"Bearer {tokens['enterprise'][0]}"})
    started = time.perf_counter()
    await asyncio.gather(
        *(client(n, base, plan, budget, think, timings, errors) for n in range(clients))
    )
    elapsed = time.perf_counter() - started
    everything = [t for ts in timings.values() for t in ts]
    print(
        f"{clients} clients, think {think} s, {len(everything)} requests in {elapsed:.1f} s "
        f"({len(everything) / elapsed:.0f} req/s), errors: {len(errors)}"
    )
    for op, ts in sorted(timings.items()):
        p50, p99 = statistics.median(ts), _pct(ts, 0.99)
        print(f"  {op:<16} n={len(ts):>5}  p50={p50:6.1f} ms  p99={p99:6.1f} ms")
    print(
        f"  {'all':<16} n={len(everything):>5}  p50={statistics.median(everything):6.1f} ms  "
        f"p99={_pct(everything, 0.99):6.1f} ms"
    )
    for line in errors[:5]:
        print("  error:", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests (s)")
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server when we are stopped
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        drafts_per_client = args.requests // args.clients + 1
        plan = seed(url, args.clients, drafts_per_client)
        port = _free_port()
        server = start_server(url, port)
        try:
            cpu_before = _cpu_seconds(server.pid)
            base = f"http://127.0.0.1:{port}"
            asyncio.run(run(base, plan, args.clients, args.requests, args.think))
            cpu = _cpu_seconds(server.pid) - cpu_before
            print(f"  server CPU: {cpu:.1f} s, {cpu / args.requests * 1000:.1f} ms per request")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
