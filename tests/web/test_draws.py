"""双随机 draws through the pages: commit, perform, verify, and tampering detected."""

import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from cast import sqlite_settings
from chujing.platform.settings import Settings

from .conftest import form_inputs, post_form, sign_in
from .world import World


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """This module's draws may be performed as soon as they are committed (no waiting day;
    the wait itself is tested in the journeys and in tests/platform)."""
    return sqlite_settings(tmp_path_factory.mktemp("webdb"), draw_wait_working_days=0)


def _draw(client: TestClient) -> str:
    """Commit a draw of the signed-in zone: its page."""
    created = post_form(
        client, "/zone/draws", item="list-compliance", title="两江板块2026年第一次双随机抽查"
    )
    return str(created.headers["location"])


def _performed(client: TestClient) -> str:
    """Commit a draw and perform it: its page."""
    url = _draw(client)
    post_form(client, f"{url}/perform", url)
    return url


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
    url = _performed(client)
    page = client.get(url).text
    assert 'id="assignments"' in page
    assert re.search(r"检查员\S+、检查员", page)  # at least two inspectors per processor
    verified = post_form(client, f"{url}/verify", url, status=200)
    assert 'id="verify-result">复核通过' in verified.text

    receipt = client.get(f"{url}/receipt.json").json()
    receipt["final_assignments"][0]["inspectors"].reverse()
    forged = post_form(
        client,
        f"{url}/verify",
        url,
        status=200,
        files={"receipt": ("r.json", json.dumps(receipt).encode(), "application/json")},
    )
    assert 'id="verify-result">复核未通过' in forged.text


def test_a_refused_receipt_or_adjustment_shows_the_draw_again_by_its_control(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    url = _performed(client)
    for content, problem in ((b"not json", "不是有效的 JSON 文件"), (b"[1]", "须为 JSON 对象")):
        receipt = {"receipt": ("r.json", content, "application/json")}
        refused = post_form(client, f"{url}/verify", url, status=422, files=receipt)
        assert 'id="assignments"' in refused.text  # the draw's own page
        assert f"回执：{problem}" in refused.text
        assert 'href="#receipt"' in refused.text
    target = re.search(r'<option value="(\d+\|[^"]+)">', client.get(url).text)
    assert target is not None
    no_reason = post_form(
        client, f"{url}/adjust", url, status=422, kind="replace_inspector", target=target.group(1)
    )
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
    _performed(client)
    page = client.get("/zone/inspections").text
    found = re.search(
        r'action="/zone/inspections/(\d+)/conclude".*?name="version" value="(\d+)"', page, re.S
    )
    assert found is not None
    inspection, version = found.groups()
    conclude, inspections = f"/zone/inspections/{inspection}/conclude", "/zone/inspections"
    empty = post_form(client, conclude, inspections, status=422, version=version, result="rectify")
    assert "须列明发现的问题" in empty.text
    finding = "出境字段超出清单所列范围"
    post_form(client, conclude, inspections, version=version, result="rectify", finding_0=finding)
    publish = f"/zone/inspections/{inspection}/publish"
    version = form_inputs(client.get(inspections).text, publish)["version"]
    post_form(client, publish, inspections, version=version)
    public = TestClient(client.app).get("/results").text
    assert "责令整改" in public
    processor, reason = str(world.ids["p1"]), "删除清单外字段后再行出境"
    post_form(
        client,
        "/zone/orders",
        inspections,
        processor_id=processor,
        kind="rectify",
        reason=reason,
        inspection_id=inspection,
    )
    page = client.get(inspections).text
    order = re.search(r'action="/zone/orders/(\d+)/close"', page).group(1)  # type: ignore[union-attr]
    post_form(client, f"/zone/orders/{order}/close", inspections, rectified="yes", note="已复核")
    assert "（已整改）" in client.get("/zone/inspections").text


def test_adjustment_is_recorded_and_the_receipt_still_verifies(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    url = _performed(client)
    before = client.get(f"{url}/receipt.json").json()
    first = before["final_assignments"][0]
    inspector = first["inspectors"][0]
    # the page's choice of the pair: the processor's id and the inspector's code
    found = re.search(rf'<option value="(\d+\|{re.escape(inspector)})">', client.get(url).text)
    assert found is not None
    target = found.group(1)
    reason = "检查人员申报与该企业存在亲属关系"
    post_form(
        client,
        f"{url}/adjust",
        url,
        kind="replace_inspector",
        target=target,
        new_conflict="on",
        reason=reason,
    )
    after = client.get(f"{url}/receipt.json").json()
    assert after["adjustments"][0]["reason"] == "检查人员申报与该企业存在亲属关系"
    assert first["inspectors"][0] not in after["final_assignments"][0]["inspectors"]
    verified = post_form(client, f"{url}/verify", url, status=200)
    assert 'id="verify-result">复核通过' in verified.text


def test_recused_inspector_is_never_drawn_for_that_processor(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    post_form(client, "/zone/inspectors", code="insp-web-1", name="检查员网页", department="cac")
    page = client.get("/zone/inspectors").text
    inspector = re.search(  # type: ignore[union-attr]
        r"<td>insp-web-1</td>.*?action=\"/zone/inspectors/(\d+)/conflicts\"", page, re.S
    ).group(1)
    conflicts, processor = f"/zone/inspectors/{inspector}/conflicts", str(world.ids["p1"])
    post_form(
        client, conflicts, "/zone/inspectors", processor_id=processor, reason="曾任该企业顾问"
    )
    assert "曾任该企业顾问" in client.get("/zone/inspectors").text
    for _ in range(3):
        url = _performed(client)
        receipt = client.get(f"{url}/receipt.json").json()
        drawn = receipt["result"]["assignments"]
        assert drawn  # the zone's processor is drawn each time (it is the only one)
        for assignment in drawn:
            assert "insp-web-1" not in assignment["inspectors"]
            assert "insp-web-1" in assignment["recused"]
