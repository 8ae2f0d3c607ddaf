"""After a refusal the page's error summary takes focus and links to the field concerned."""

import random
import re

from fastapi.testclient import TestClient

from chujing.synth import values

from .conftest import post_form, sign_in
from .world import World


def _summary(html: str) -> str:
    """The error summary block of a page (asserting there is one that takes focus)."""
    found = re.search(r'<div class="[^"]*error-summary"[^>]*>.*?</div>', html, re.S)
    assert found is not None, html
    assert 'tabindex="-1"' in found.group(0)
    return found.group(0)


def _links_to(html: str, control: str) -> None:
    """The summary links to `#control` and the page has a control with that id."""
    assert f'href="#{control}"' in _summary(html)
    assert re.search(rf'<(input|select|textarea)[^>]*\bid="{control}"', html), control


def test_duplicate_inspector_code_links_to_the_code_field(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    data = {"code": "insp-sum-1", "name": "检查员甲", "department": "cac"}
    post_form(client, "/zone/inspectors", **data)
    again = post_form(client, "/zone/inspectors", status=422, **data)
    assert "检查人员编号已存在" in again.text
    _links_to(again.text, "i-code")


def test_unknown_catalogue_category_links_to_the_category_picker(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    bad = {"sector": "智能网联汽车", "code": "ICV-SUM-01", "name": "x", "category": "41"}
    refused = post_form(client, "/city/catalogue", status=422, **bad)
    assert "参考规则类别" in _summary(refused.text)
    _links_to(refused.text, "n-cat")


def test_wrong_uscc_check_digit_links_to_the_uscc_field(client: TestClient, world: World) -> None:
    uscc = values.uscc(random.Random(7))
    wrong = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    sign_in(client, "zone1")
    refused = post_form(
        client, "/zone/processors", "/zone/risk", status=422, uscc=wrong, name="测试单位"
    )
    assert "校验位错误" in refused.text
    _links_to(refused.text, "p-uscc")


def test_a_refusal_without_a_control_is_a_general_message_not_a_broken_link(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    post_form(client, "/consultations", subject="测试主题", question="测试问题内容")
    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    page = zone.get("/consultations").text
    consultation, version = re.search(  # type: ignore[union-attr]
        r'action="/consultations/(\d+)/answer".*?name="version" value="(\d+)"', page, re.S
    ).groups()
    post_form(
        zone,
        f"/consultations/{consultation}/answer",
        "/consultations",
        version=version,
        answer="答复一",
    )
    version = re.search(  # type: ignore[union-attr]
        rf'action="/consultations/{consultation}/publish".*?name="version" value="(\d+)"',
        zone.get("/consultations").text,
        re.S,
    ).group(1)
    url = f"/consultations/{consultation}/publish"
    post_form(zone, url, "/consultations", version=version)
    refused = post_form(zone, url, "/consultations", status=422, version=version)
    summary = _summary(refused.text)
    assert "该咨询已发布" in summary
    assert 'href="#' not in summary


def test_unsigned_commitment_links_to_the_commitment_checkbox(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    created = post_form(
        client,
        "/reports/new",
        title="未签承诺的报告",
        scenario_name="售后服务",
        export_date="2026-03-01",
        cat_name_0="车主信息",
        cat_fields_0="姓名",
        rec_name_0="X GmbH",
        rec_country_0="DE",
    )
    url = created.headers["location"]
    version = re.search(r'name="version" value="(\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    refused = post_form(
        client, f"{url}/submit", url, status=422, version=version, signed_by="王经理"
    )
    assert "第十五条承诺" in _summary(refused.text)
    _links_to(refused.text, "agree")


def test_duplicate_entry_code_on_a_list_draft_links_to_the_code_field(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    fields = {"list_id": "cq-ftz-icv", "sector": "智能网联汽车", "title": "测试草案"}
    url = post_form(client, "/city/drafts", "/city", from_current="on", **fields).headers[
        "location"
    ]
    version = re.search(r'name="version" value="(\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    refused = post_form(
        client,
        f"{url}/entries",
        url,
        status=422,
        version=version,
        scenario_code="ICV-AS-01",
        entry_code="ICV-AS-01-01",
        entry_name="重复的数据类别",
        entry_category="16",
        entry_data_type="personal_information",
        entry_fields="姓名",
        entry_pathway="standard_contract_or_certification",
    )
    assert "已存在" in _summary(refused.text)
    _links_to(refused.text, "a-code")


def test_past_order_deadline_links_to_the_deadline_field(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    refused = post_form(
        client,
        "/zone/orders",
        "/zone/inspections",
        status=422,
        processor_id=str(world.ids["p1"]),
        kind="rectify",
        reason="删除清单外字段后再行出境",
        deadline="2020-01-01",
    )
    assert "整改期限不能早于今日" in _summary(refused.text)
    _links_to(refused.text, "o-deadline")
