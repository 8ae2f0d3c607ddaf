"""What the tally pages say: the enterprise dashboard (what counts, sketch coverage, splits
cited as the articles say or as the platform's caution), the half-year page, and each
processor's chance on the draw page."""

from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from chujing.platform.reports.models import ReportItem
from chujing.platform.tally import service as tally
from chujing.scan.persons import SketchCounter
from chujing.scan.sketch import to_document

from .conftest import post_form, sign_in
from .world import World, enterprise, submitted_report


def _sketch(n: int) -> dict[str, Any]:
    counter = SketchCounter(b"web-salt")
    keys = pa.array([f"K{i}" for i in range(n)])
    flags = pa.array([False] * n)
    counter.add(keys, flags, flags)
    return to_document(counter, "cn_resident_id", n, "2026-08-01")


def _report(
    app: Any,
    world: World,
    persons: int,
    items: list[ReportItem] | None = None,
    sketch: dict[str, Any] | None = None,
) -> int:
    """A report of the zone-2 enterprise exported in 2026H2, submitted."""
    actor = enterprise(world, "ent2")

    def attach(db: Session, report_id: int) -> None:
        if sketch is not None:
            tally.attach_sketch(db_session=db, actor=actor, report_id=report_id, document=sketch)

    return submitted_report(
        app.state.database,
        actor,
        date(2026, 8, 1),
        before_submit=attach,
        scenario="ICV-AS-01",
        persons=persons,
        items=items,
    )


@pytest.fixture(scope="module")
def exports(app: Any, world: World) -> tuple[int, int]:
    """Zone 2's exports: an HR export (O16 Art 5(2)), a report whose sketch is far below its
    declaration, and one without a sketch, the last two together over 100,000."""
    hr = ReportItem(name="员工信息", pi="personal", persons=30000, basis="o16.art5.2")
    _report(app, world, 30000, items=[hr])
    return _report(app, world, 60000, sketch=_sketch(500)), _report(app, world, 50000)


def test_the_dashboard_says_what_counts_and_why(
    client: TestClient, world: World, exports: tuple[int, int]
) -> None:
    first, second = exports
    sign_in(client, "ent2")
    page = client.get("/enterprise").text
    assert '<strong id="tally-persons">110,000</strong>' in page  # the HR export stays out
    assert "不计入累计的：个人信息 30,000 人" in page
    assert 'id="sketch-problem"' in page
    assert f"报告 {second}" in page  # the report without a sketch is named
    assert f"报告 {first}" in page  # the sketch is below its declaration
    assert "本平台提示：" in page  # the 100,000 tier: the law says nothing of splitting
    assert "不得采取数量拆分" not in page  # no article is quoted for what it does not say
    assert "本平台解读" in page


def test_the_half_year_page_shows_what_counts(
    client: TestClient, world: World, exports: tuple[int, int]
) -> None:
    sign_in(client, "zone2")
    compiled = post_form(client, "/zone/halfyear", period="2026H2")
    page = client.get(compiled.headers["location"]).text
    assert 'id="hy-tally">110,000 人次' in page
    assert "不计入累计的出境" in page
    assert "30,000 人次" in page


def test_the_draw_page_shows_each_processors_chance(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    created = post_form(client, "/zone/draws", item="list-compliance", title="两江板块概率展示")
    page = client.get(created.headers["location"]).text
    assert "各检查对象被抽中的概率" in page
    assert "按每一次抽取适用" in page
    assert "100.00%" in page  # one processor in zone 1: ⌈0.1 × 1⌉ = 1 is drawn for sure
