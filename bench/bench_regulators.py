"""Time the regulators' cycle on a large synthetic FTZ: a platform draw (commit, perform,
verify against the audit log), a half-yearly zone report compilation and a clocks pass.

Run: .venv/bin/python bench/bench_regulators.py [PROCESSORS] [REPORTS] [INSPECTORS]
"""

import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from benchkit import scratch_database, size
from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
from chujing.platform.clocks import service as clocks
from chujing.platform.db import Database
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor, Zone
from chujing.platform.principal import cli_principal
from chujing.platform.reports.models import ExportReport
from chujing.platform.supervision import sampling
from chujing.platform.supervision.models import ConflictDeclaration, DrawIn, Inspector
from chujing.platform.zonereports import service as zonereports
from chujing.platform.zonereports.models import CompileIn
from chujing.synth import values

T = TypeVar("T")


def timed(label: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = action()
    print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms")
    return result


def populate(db: Database, n_processors: int, n_reports: int, n_inspectors: int) -> int:
    rng = random.Random(7)
    with db.transaction() as s:
        zones = [z.id for z in s.query(Zone).order_by(Zone.id)]
        department = orgs.department_by_code(db_session=s, code="commerce").id
        usccs = {values.uscc(rng) for _ in range(n_processors)}
        s.add_all(
            Processor(
                uscc=u,
                name=f"合成企业{i}",
                zone_id=zones[i % len(zones)],
                sector=rng.choice(["智能网联汽车", "医疗健康", "跨境物流"]),
            )
            for i, u in enumerate(sorted(usccs))
        )
        s.add_all(
            Inspector(
                code=f"I-{i:04d}",
                name=f"检查员{i}",
                department_id=department,
                zone_id=zones[i % len(zones)] if i % 5 else None,
            )
            for i in range(n_inspectors)
        )
        s.flush()
        processors = [(p.id, p.zone_id) for p in s.query(Processor)]
        inspectors = [i.id for i in s.query(Inspector)]
        s.add_all(
            ConflictDeclaration(
                inspector_id=rng.choice(inspectors),
                processor_id=p,
                reason="合成",
                declared_by="bench",
            )
            for p, _ in rng.sample(processors, min(200, len(processors)))
        )
        day = date(2026, 7, 1)
        s.add_all(
            ExportReport(
                processor_id=p,
                zone_id=z,
                state="accepted",
                title="合成报告",
                scenario=f"S-{rng.randrange(20)}",
                scenario_name="",
                persons=rng.randrange(1, 10_000),
                categories=[{"category": rng.randrange(1, 41), "name": "类别", "fields": ["字段"]}],
                recipients=[{"name": "R", "country": rng.choice(["DE", "US", "SG", "JP"])}],
                export_date=day + timedelta(days=rng.randrange(180)),
                year=2026,
            )
            for p, z in (rng.choice(processors) for _ in range(n_reports))
        )
        return int(zones[0])


def main() -> None:
    n_processors, n_reports, n_inspectors = size(1, 5_000), size(2, 50_000), size(3, 300)
    with scratch_database() as db:
        zone = timed(
            f"populate {n_processors} processors, {n_reports} reports, {n_inspectors} inspectors",
            lambda: populate(db, n_processors, n_reports, n_inspectors),
        )
        cli = cli_principal()

        def commit() -> int:
            with db.transaction() as s:
                draw = sampling.commit(
                    db_session=s, actor=cli, data=DrawIn(item="list-compliance", title="bench")
                )
                return int(draw.id)

        draw_id = timed("draw commit (freeze both directories, hash, log)", commit)

        def perform() -> int:
            with db.transaction() as s:
                receipt = sampling.perform(
                    db_session=s, actor=cli, draw_id=draw_id, wait_working_days=0
                ).receipt
                return len(receipt["final_assignments"]) if receipt else 0

        drawn = timed("draw perform (algorithm, receipt, planned inspections)", perform)
        print(f"  processors drawn: {drawn}")

        def verify() -> bool:
            with db.transaction(write=False) as s:
                return bool(sampling.verify(db_session=s, actor=cli, draw_id=draw_id).ok)

        print(f"  verified: {timed('draw verify (recompute + audit anchors)', verify)}")

        def compile_report() -> int:
            with db.transaction() as s:
                report = zonereports.compile_report(
                    db_session=s, actor=cli, data=CompileIn(period="2026H2", zone_id=zone)
                )
                return int(report.figures["reports"]["count"])

        counted = timed("zone report compile (one zone, 2026H2)", compile_report)
        print(f"  reports counted: {counted}")

        def due() -> int:
            with db.transaction(write=False) as s:
                return len(clocks.due_items(db_session=s, on=date(2027, 1, 20)))

        print(f"  due items: {timed('clocks due_items', due)}")
        db.dispose()


if __name__ == "__main__":
    main()
