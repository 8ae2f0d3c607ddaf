"""双随机 draws through the pages: commit, perform, verify, and tampering detected."""

import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from cast import sqlite_settings
from chujing.platform.settings import Settings

from .conftest import csrf_of, sign_in
from .world import World


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """This module's draws may be performed as soon as they are committed (no waiting day;
    the wait itself is tested in the journeys and in tests/platform)."""
    return sqlite_settings(tmp_path_factory.mktemp("webdb"), draw_wait_working_days=0)


def _draw(client: TestClient) -> str:
    created = client.post(
        "/zone/draws",
        data={
            "csrf_token": csrf_of(client, "/zone/draws"),
            "item": "list-compliance",
            "title": "两江板块2026年第一次双随机抽查",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    return str(created.headers["location"])


def test_commit_shows_no_seed_until_drawn(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    page = client.get(url).text
    assert "种子哈希" in page
    assert "揭示种子并抽取" in page
    assert "抽取结果" not in page
    assert client.get(f"{url}/receipt.json").status_code == 404


def test_draw_verify_and_detect_a_changed_receipt(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    performed = client.post(
        f"{url}/perform", data={"csrf_token": csrf_of(client, url)}, follow_redirects=False
    )
    assert performed.status_code == 303
    page = client.get(url).text
    assert 'id="assignments"' in page
    assert re.search(r"检查员\S+、检查员", page)  # at least two inspectors per processor
    verified = client.post(f"{url}/verify", data={"csrf_token": csrf_of(client, url)})
    assert 'id="verify-result">复核通过' in verified.text

    receipt = client.get(f"{url}/receipt.json").json()
    receipt["final_assignments"][0]["inspectors"].reverse()
    forged = client.post(
        f"{url}/verify",
        data={"csrf_token": csrf_of(client, url)},
        files={"receipt": ("r.json", json.dumps(receipt).encode(), "application/json")},
    )
    assert 'id="verify-result">复核未通过' in forged.text


def test_a_refused_receipt_or_adjustment_shows_the_draw_again_by_its_control(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    client.post(f"{url}/perform", data={"csrf_token": csrf_of(client, url)})
    token = csrf_of(client, url)
    for content, problem in ((b"not json", "不是有效的 JSON 文件"), (b"[1]", "须为 JSON 对象")):
        refused = client.post(
            f"{url}/verify",
            data={"csrf_token": token},
            files={"receipt": ("r.json", content, "application/json")},
        )
        assert refused.status_code == 422
        assert 'id="assignments"' in refused.text  # the draw's own page
        assert f"回执：{problem}" in refused.text
        assert 'href="#receipt"' in refused.text
    target = re.search(r'<option value="(\d+\|[^"]+)">', client.get(url).text)
    assert target is not None
    no_reason = client.post(
        f"{url}/adjust",
        data={"csrf_token": token, "kind": "replace_inspector", "target": target.group(1)},
    )
    assert no_reason.status_code == 422
    assert 'href="#adj-reason"' in no_reason.text
    assert "理由：不能为空" in no_reason.text


def test_other_zone_cannot_see_the_draw(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    other = TestClient(client.app)
    sign_in(other, "zone2")
    assert other.get(url).status_code == 404
    sign_in(other, "ent1")
    assert other.get(url).status_code == 403


def test_order_notice_reaches_the_inbox_as_a_document(client: TestClient, world: World) -> None:
    from docx import Document

    from chujing.platform.principal import cli_principal
    from chujing.platform.supervision import orders
    from chujing.platform.supervision.models import OrderIn, OrderKind

    database = client.app.state.database  # type: ignore[attr-defined]
    with database.transaction() as db:
        order = orders.issue(
            db_session=db,
            actor=cli_principal(),
            data=OrderIn(
                processor_id=world.ids["p1"],
                kind=OrderKind.rectify,
                reason="出境字段超出清单所列范围",
            ),
        )
        order_id = order.id
    sign_in(client, "ent1")
    inbox = client.get("/enterprise/inbox").text
    assert "出境字段超出清单所列范围" in inbox
    deadlines = client.get("/enterprise").text.split('id="deadlines"')[1].split("</ul>")[0]
    assert "指令：出境字段超出清单所列范围" in deadlines  # a rectify order has a deadline
    notice = Document(io.BytesIO(client.get(f"/orders/{order_id}/docx").content))
    assert notice.paragraphs[0].text == "责令限期整改通知书"
    assert client.get(f"/orders/{order_id}/pdf").content.startswith(b"%PDF")
    sign_in(client, "ent2")
    assert client.get(f"/orders/{order_id}/docx").status_code == 404


def test_conclude_publish_and_order_from_the_inspections_page(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    client.post(f"{url}/perform", data={"csrf_token": csrf_of(client, url)})
    page = client.get("/zone/inspections").text
    found = re.search(
        r'action="/zone/inspections/(\d+)/conclude".*?name="version" value="(\d+)"', page, re.S
    )
    assert found is not None
    inspection, version = found.groups()
    token = csrf_of(client, "/zone/inspections")
    empty = client.post(
        f"/zone/inspections/{inspection}/conclude",
        data={"csrf_token": token, "version": version, "result": "rectify"},
    )
    assert empty.status_code == 422
    assert "须列明发现的问题" in empty.text
    concluded = client.post(
        f"/zone/inspections/{inspection}/conclude",
        data={
            "csrf_token": token,
            "version": version,
            "result": "rectify",
            "finding_0": "出境字段超出清单所列范围",
        },
        follow_redirects=False,
    )
    assert concluded.status_code == 303
    page = client.get("/zone/inspections").text
    version = re.search(  # type: ignore[union-attr]
        rf'action="/zone/inspections/{inspection}/publish".*?name="version" value="(\d+)"',
        page,
        re.S,
    ).group(1)
    published = client.post(
        f"/zone/inspections/{inspection}/publish",
        data={"csrf_token": token, "version": version},
        follow_redirects=False,
    )
    assert published.status_code == 303
    public = TestClient(client.app).get("/results").text
    assert "责令整改" in public
    issued = client.post(
        "/zone/orders",
        data={
            "csrf_token": token,
            "processor_id": str(world.ids["p1"]),
            "kind": "rectify",
            "reason": "删除清单外字段后再行出境",
            "inspection_id": inspection,
        },
        follow_redirects=False,
    )
    assert issued.status_code == 303
    page = client.get("/zone/inspections").text
    order = re.search(r'action="/zone/orders/(\d+)/close"', page).group(1)  # type: ignore[union-attr]
    closed = client.post(
        f"/zone/orders/{order}/close",
        data={"csrf_token": token, "rectified": "yes", "note": "已复核"},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert "（已整改）" in client.get("/zone/inspections").text


def test_adjustment_is_recorded_and_the_receipt_still_verifies(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    url = _draw(client)
    client.post(f"{url}/perform", data={"csrf_token": csrf_of(client, url)})
    before = client.get(f"{url}/receipt.json").json()
    first = before["final_assignments"][0]
    inspector = first["inspectors"][0]
    # the page's choice of the pair: the processor's id and the inspector's code
    found = re.search(rf'<option value="(\d+\|{re.escape(inspector)})">', client.get(url).text)
    assert found is not None
    target = found.group(1)
    adjusted = client.post(
        f"{url}/adjust",
        data={
            "csrf_token": csrf_of(client, url),
            "kind": "replace_inspector",
            "target": target,
            "new_conflict": "on",
            "reason": "检查人员申报与该企业存在亲属关系",
        },
        follow_redirects=False,
    )
    assert adjusted.status_code == 303, adjusted.text
    after = client.get(f"{url}/receipt.json").json()
    assert after["adjustments"][0]["reason"] == "检查人员申报与该企业存在亲属关系"
    assert first["inspectors"][0] not in after["final_assignments"][0]["inspectors"]
    verified = client.post(f"{url}/verify", data={"csrf_token": csrf_of(client, url)})
    assert 'id="verify-result">复核通过' in verified.text


def test_recused_inspector_is_never_drawn_for_that_processor(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    token = csrf_of(client, "/zone/inspectors")
    added = client.post(
        "/zone/inspectors",
        data={"csrf_token": token, "code": "insp-web-1", "name": "检查员网页", "department": "cac"},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    page = client.get("/zone/inspectors").text
    inspector = re.search(  # type: ignore[union-attr]
        r"<td>insp-web-1</td>.*?action=\"/zone/inspectors/(\d+)/conflicts\"", page, re.S
    ).group(1)
    declared = client.post(
        f"/zone/inspectors/{inspector}/conflicts",
        data={
            "csrf_token": token,
            "processor_id": str(world.ids["p1"]),
            "reason": "曾任该企业顾问",
        },
        follow_redirects=False,
    )
    assert declared.status_code == 303
    assert "曾任该企业顾问" in client.get("/zone/inspectors").text
    for _ in range(3):
        url = _draw(client)
        client.post(f"{url}/perform", data={"csrf_token": csrf_of(client, url)})
        receipt = client.get(f"{url}/receipt.json").json()
        drawn = receipt["result"]["assignments"]
        assert drawn  # the zone's processor is drawn each time (it is the only one)
        for assignment in drawn:
            assert "insp-web-1" not in assignment["inspectors"]
            assert "insp-web-1" in assignment["recused"]
