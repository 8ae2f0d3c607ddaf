"""Time the one counting rule where it is used: the dashboard page (`tally.rows`), one
processor's tally (`tally.compute`), `year_to_date`, and a zone's half-year figures.

Run: .venv/bin/python bench/bench_tally.py [PROCESSORS] [REPORTS]
"""

import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import insert, select

from benchkit import scratch_database, size
from chujing.platform.db import Database
from chujing.platform.orgs.models import Processor, Zone
from chujing.platform.principal import cli_principal
from chujing.platform.reports.models import ExportReport
from chujing.platform.tally import service as tally
from chujing.platform.zonereports.compile import compile_figures

T = TypeVar("T")
BASES = ["o16.art5.2", "o16.art5.4", "o16.art8", "cq.art10.unlisted"]


def timed(label: str, action: Callable[[], T], repeat: int = 5) -> T:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: {best * 1000:.1f} ms (best of {repeat})")
    return result  # type: ignore[return-value]


def populate(db: Database, processors: int, reports: int) -> list[int]:
    rng = random.Random(16)
    now = datetime.now(UTC)
    with db.transaction() as s:
        zones = list(s.scalars(select(Zone.id).order_by(Zone.id)))
        s.execute(
            insert(Processor),
            [
                {"uscc": f"91500000BENCH{i:05d}", "name": f"压测{i}", "zone_id": zones[i % 4]}
                | {"created_at": now}
                for i in range(processors)
            ],
        )
        rows = list(s.execute(select(Processor.id, Processor.zone_id).order_by(Processor.id)))
        day = date(2026, 1, 1)
        s.execute(
            insert(ExportReport),
            [
                {
                    "processor_id": p,
                    "zone_id": z,
                    "state": rng.choice(["submitted", "accepted", "accepted", "draft"]),
                    "title": "压测",
                    "scenario": "ICV-AS-01",
                    "persons": rng.randrange(1, 20_000),
                    "categories": [{"category": 16, "name": "类别", "fields": ["姓名"]}],
                    "recipients": [{"name": "R", "country": "DE"}],
                    "items": [
                        {"name": "项", "pi": "personal", "persons": None}
                        | {"basis": rng.choice(BASES), "matched_entries": ["ICV-AS-01-01"]}
                    ],
                    "items_source": "declared",
                    "export_date": day + timedelta(days=rng.randrange(365)),
                    "year": 2026,
                    "created_at": now,
                }
                for p, z in (rng.choice(rows) for _ in range(reports))
            ],
        )
        return [int(p) for p, _ in rows]


def main() -> None:
    processors, reports = size(1, 5_000), size(2, 50_000)
    with scratch_database() as db:
        ids = populate(db, processors, reports)
        print(f"{processors:,} processors, {reports:,} reports (SQLite)")
        actor = cli_principal()
        with db.transaction(write=False) as s:
            zone = s.scalar(select(Zone.id).order_by(Zone.id))
            assert zone is not None
            timed(
                "dashboard page of 50 (GET /tally)",
                lambda: tally.rows(db_session=s, actor=actor, year=2026, limit=50),
            )
            timed(
                "one processor's tally (compute)",
                lambda: tally.compute(
                    db_session=s, actor=actor, processor_id=ids[0], year=2026, warning_ratio=0.8
                ),
            )
            timed(
                "year_to_date",
                lambda: tally.year_to_date(db_session=s, processor_id=ids[0], year=2026),
            )
            timed(
                "one zone's 2026H2 figures",
                lambda: compile_figures(s, zone, date(2026, 7, 1), date(2026, 12, 31)),
                repeat=3,
            )


if __name__ == "__main__":
    main()
