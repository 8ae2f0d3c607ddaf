"""The case pages: the list with each open case's 办理时限, search by 办件编号 within the
officer's zone, one case with its guide, and the changes view."""

from typing import Any

from fastapi.testclient import TestClient

from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.orgs import service as orgs

from .conftest import sign_in
from .world import World


def _open(app: Any, world: World, entity_id: int) -> str:
    with app.state.database.transaction() as db:
        case = cases.open_case(
            db,
            kind=CaseKind.report,
            entity_id=entity_id,
            zone_id=orgs.zone_by_code(db_session=db, code="liangjiang").id,  # zone1's
            processor_id=world.ids["p1"],
            submitter="ent1",
            subject="页面测试报告",
        )
        return case.number


def test_search_by_number_stays_in_the_officers_zone(
    client: TestClient, app: Any, world: World
) -> None:
    number = _open(app, world, 91001)
    sign_in(client, "zone1")
    found = client.get("/cases", params={"number": number})
    assert found.status_code == 200
    assert f'找到办件 <a href="/cases/report/91001">{number}</a>' in found.text
    assert "个工作日" in found.text
    other = TestClient(app)
    sign_in(other, "zone2")
    refused = other.get("/cases", params={"number": number}).text
    assert "的办件共 0 件" in refused
    assert "/cases/report/91001" not in refused
    assert other.get("/cases/report/91001").status_code == 404


def test_the_case_page_shows_the_countdown_and_the_guide(
    client: TestClient, app: Any, world: World
) -> None:
    number = _open(app, world, 91002)
    sign_in(client, "ent1")
    shown = client.get("/cases/report/91002")
    assert shown.status_code == 200
    assert number in shown.text
    assert "办事指南：数据出境情况报告" in shown.text
    assert "第十一条" in shown.text
    assert "剩余" in shown.text or "今日到期" in shown.text
    assert client.get("/cases/nonsense/1").status_code == 404
    assert "办件不存在" in client.get("/cases/report/999999").text


def test_the_changes_view_is_for_officers(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    shown = client.get("/cases/changes")
    assert shown.status_code == 200
    assert "上次登录以来的变化" in shown.text
    ent = client
    ent.cookies.clear()
    sign_in(ent, "ent1")
    assert ent.get("/cases/changes").status_code == 403
