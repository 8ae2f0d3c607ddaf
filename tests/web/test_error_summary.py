"""After a refusal the page's error summary takes focus and links to the field concerned."""

import random
import re

from fastapi.testclient import TestClient

from chujing.synth import values

from .conftest import post_form, sign_in
from .drafts import NEW_ENTRY, new_draft
from .refusals import refused_at, version_of
from .world import World


def test_duplicate_inspector_code_links_to_the_code_field(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    data = {"code": "insp-sum-1", "name": "检查员甲", "department": "cac"}
    post_form(client, "/zone/inspectors", **data)
    refused_at(client, "/zone/inspectors", None, "i-code", "检查人员编号已存在", **data)


def test_unknown_catalogue_category_links_to_the_category_picker(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    bad = {"sector": "智能网联汽车", "code": "ICV-SUM-01", "name": "x", "category": "41"}
    refused_at(client, "/city/catalogue", None, "n-cat", "参考规则类别", **bad)


def test_wrong_uscc_check_digit_links_to_the_uscc_field(client: TestClient, world: World) -> None:
    uscc = values.uscc(random.Random(7))
    wrong = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    sign_in(client, "zone1")
    data = {"uscc": wrong, "name": "测试单位"}
    refused_at(client, "/zone/processors", "/zone/risk", "p-uscc", "校验位错误", **data)


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
    refused_at(zone, url, "/consultations", "", "该咨询已发布", version=version)


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
    unsigned = {"version": version_of(client, url), "signed_by": "王经理"}
    refused_at(client, f"{url}/submit", url, "agree", "第十五条承诺", **unsigned)


def test_duplicate_entry_code_on_a_list_draft_links_to_the_code_field(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "测试草案", from_current=True)
    again = {**NEW_ENTRY, "entry_code": "ICV-AS-01-01", "entry_name": "重复的数据类别"}
    refused_at(
        client, f"{url}/entries", url, "a-code", "已存在", version=version_of(client, url), **again
    )


def test_past_order_deadline_links_to_the_deadline_field(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    order = {"processor_id": str(world.ids["p1"]), "kind": "rectify", "deadline": "2020-01-01"}
    said = "整改期限不能早于今日"
    reason = "删除清单外字段后再行出境"
    refused_at(
        client, "/zone/orders", "/zone/inspections", "o-deadline", said, reason=reason, **order
    )
