"""The list lifecycle through the pages: draft → stages → comments → publish → public lookup."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.demo_regulators import complete_survey_and_review

from .conftest import csrf_of, sign_in
from .world import World

NEW_FIELD = "车主社交账号昵称"


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def _post(client: TestClient, url: str, draft_url: str, **data: str) -> str:
    page = client.get(draft_url).text
    response = client.post(
        url,
        data={"csrf_token": csrf_of(client, draft_url), "version": _version(page), **data},
        follow_redirects=False,
    )
    assert response.status_code == 303, re.findall(r'role="alert"[^>]*>([^<]*)', response.text)
    return client.get(draft_url).text


def test_draft_to_published_and_found_by_the_public(client: TestClient, world: World) -> None:
    assert "未列入清单" in client.get("/lists", params={"field": NEW_FIELD}).text
    sign_in(client, "city")
    created = client.post(
        "/city/drafts",
        data={
            "csrf_token": csrf_of(client, "/city"),
            "list_id": "cq-ftz-icv",
            "sector": "智能网联汽车",
            "title": "智能网联汽车负面清单（2026年更新）",
            "from_current": "on",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"]
    assert "ICV-AS-01-01" in client.get(url).text  # started from the list in force
    today = clock.today()
    _post(
        client,
        f"{url}/meta",
        url,
        title="中国（重庆）自由贸易试验区数据出境负面清单 — 智能网联汽车（示例，2026年更新）",
        version_label="2026.1",
        valid_from=today.isoformat(),
        valid_until=(today + timedelta(days=730)).isoformat(),
        source="示例清单，非官方文本。",
    )
    page = _post(
        client,
        f"{url}/entries",
        url,
        scenario_code="ICV-AS-01",
        entry_code="ICV-AS-01-09",
        entry_name="车主社交账号",
        entry_category="16",
        entry_data_type="personal_information",
        entry_fields=NEW_FIELD,
        entry_pathway="standard_contract_or_certification",
    )
    assert "新增</span> 数据类别 ICV-AS-01-09" in page
    for action in ("identify", "analyse", "consult"):
        page = _post(client, f"{url}/advance", url, action=action)
    assert "专家论证与征求意见" in page

    expert = TestClient(client.app)
    sign_in(expert, "expert")
    commented = expert.post(
        f"{url}/comments",
        data={
            "csrf_token": csrf_of(expert, url),
            "entry_code": "ICV-AS-01-09",
            "text": "建议明确昵称是否包含可识别个人的信息",
        },
        follow_redirects=False,
    )
    assert commented.status_code == 303

    refused = client.post(
        f"{url}/advance",
        data={
            "csrf_token": csrf_of(client, url),
            "version": _version(client.get(url).text),
            "action": "approve",
            "ref": "渝网信委〔2026〕1号",
        },
    )
    assert refused.status_code == 422
    assert "未记录处理结果" in refused.text
    comment_id = re.search(r'/comments/(\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    resolved = client.post(
        f"{url}/comments/{comment_id}",
        data={
            "csrf_token": csrf_of(client, url),
            "resolution": "adopted",
            "note": "已在条件中注明",
        },
        follow_redirects=False,
    )
    assert resolved.status_code == 303
    assert "尚未完成需求调研" in refused.text
    with client.app.state.database.transaction() as db:  # type: ignore[attr-defined]
        complete_survey_and_review(db, int(url.rsplit("/", 1)[1]))
    _post(client, f"{url}/advance", url, action="approve", ref="渝网信委〔2026〕1号")
    _post(client, f"{url}/advance", url, action="file", ref="备案〔2026〕8号")
    enterprise = TestClient(client.app)
    sign_in(enterprise, "ent1")
    before = enterprise.post(
        "/enterprise/assess",
        data={
            "csrf_token": csrf_of(enterprise),
            "scenario": "ICV-AS-01",
            "own_name": "车主社交账号",
            "own_category": "16",
            "own_fields": NEW_FIELD,
            "own_pi": "personal",
            "persons": "2000",
            "rec_name_0": "Example GmbH",
            "rec_country_0": "DE",
        },
        follow_redirects=False,
    )
    assert before.status_code == 303, before.text
    assessment = before.headers["location"]

    confirm = client.get(f"{url}/publish").text
    assert "确认发布" in confirm
    assert "ICV-AS-01" in confirm  # the change against the version in force
    unconfirmed = client.post(
        f"{url}/advance",
        data={
            "csrf_token": csrf_of(client, url),
            "version": _version(client.get(url).text),
            "action": "publish",
        },
    )
    assert unconfirmed.status_code == 422
    assert "勾选确认发布" in unconfirmed.text
    page = _post(client, f"{url}/advance", url, action="publish", confirm="on")
    assert 'id="draft-stage">已发布' in page

    rerun = enterprise.post(
        f"{assessment}/rerun",
        data={"csrf_token": csrf_of(enterprise, assessment)},
        follow_redirects=False,
    )
    assert rerun.status_code == 303
    changes = enterprise.get(rerun.headers["location"]).text.split('id="changes"')[1]
    changes = changes.split("</ul>")[0]
    assert "2025.1 → 2026.1" in changes
    assert "ICV-AS-01-09" in changes

    public = TestClient(client.app)
    found = public.get("/lists", params={"scenario": "售后服务", "field": NEW_FIELD}).text
    assert "已列入清单" in found
    assert "ICV-AS-01-09" in found
    listed = public.get("/lists/cq-ftz-icv").text
    assert "2026.1" in listed
    assert "ICV-AS-01-09" in listed
    older = public.get("/lists/cq-ftz-icv", params={"version": "2025.1"}).text
    assert "ICV-AS-01-09" not in older


def test_only_the_city_drafts(client: TestClient, world: World) -> None:
    sign_in(client, "police1")
    assert client.get("/city").status_code == 403
    for commenter in ("zone1", "expert"):  # lists.comment: they read drafts, and comment
        sign_in(client, commenter)
        page = client.get("/city")
        assert page.status_code == 200
        assert "新建草案" not in page.text


def test_demand_survey_answered_and_seeding_the_draft(client: TestClient, world: World) -> None:
    sign_in(client, "city")
    created = client.post(
        "/city/drafts",
        data={
            "csrf_token": csrf_of(client, "/city"),
            "list_id": "cq-ftz-icv-survey",
            "sector": "智能网联汽车",
            "title": "智能网联汽车新增场景",
        },
        follow_redirects=False,
    )
    url = created.headers["location"]
    sent = client.post(
        f"{url}/surveys",
        data={
            "csrf_token": csrf_of(client, url),
            "sector": "智能网联汽车",
            "title": "智能网联汽车数据出境需求调研",
            "due": "2026-12-31",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    survey = re.search(r'id="answers-(\d+)">0<', client.get(url).text).group(1)  # type: ignore[union-attr]

    enterprise = TestClient(client.app)
    sign_in(enterprise, "ent1")
    form = enterprise.get("/enterprise/surveys").text
    assert "智能网联汽车数据出境需求调研" in form
    answered = enterprise.post(
        f"/enterprise/surveys/{survey}",
        data={
            "csrf_token": csrf_of(enterprise, "/enterprise/surveys"),
            "activity": "研发设计",
            "scenario": "海外座舱体验测试",
            "persons": "3000",
            "exports": "12",
            "countries": "DE、JP",
            "cat_name_0": "测试用户信息",
            "cat_number_0": "16",
            "cat_type_0": "personal_information",
            "cat_fields_0": "姓名、手机号",
        },
        follow_redirects=False,
    )
    assert answered.status_code == 303, answered.text
    again = enterprise.post(  # one answer per processor
        f"/enterprise/surveys/{survey}",
        data={
            "csrf_token": csrf_of(enterprise, "/enterprise/surveys"),
            "activity": "x",
            "scenario": "y",
            "cat_name_0": "z",
            "cat_number_0": "16",
            "cat_type_0": "personal_information",
            "cat_fields_0": "姓名",
        },
    )
    assert again.status_code == 422

    page = client.get(url).text
    assert f'id="answers-{survey}">1<' in page
    assert "海外座舱体验测试" in page  # the scenario analysis shows the answer
    seeded = client.post(
        f"{url}/surveys/{survey}/seed",
        data={"csrf_token": csrf_of(client, url), "version": _version(page)},
        follow_redirects=False,
    )
    assert seeded.status_code == 303
    page = client.get(url).text
    assert "测试用户信息" in page
    assert "姓名、手机号" in page


def test_important_data_catalogue(client: TestClient, world: World) -> None:
    sign_in(client, "city")
    added = client.post(
        "/city/catalogue",
        data={
            "csrf_token": csrf_of(client, "/city/catalogue"),
            "sector": "智能网联汽车",
            "code": "ICV-ID-01",
            "name": "高精度地图测绘数据",
            "category": "16",
            "basis": "《汽车数据安全管理若干规定（试行）》",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    assert "高精度地图测绘数据" in client.get("/city/catalogue?sector=智能网联汽车").text
    bad = client.post(
        "/city/catalogue",
        data={
            "csrf_token": csrf_of(client, "/city/catalogue"),
            "sector": "智能网联汽车",
            "code": "ICV-ID-02",
            "name": "x",
            "category": "41",
        },
    )
    assert bad.status_code == 422
    sign_in(client, "expert")
    page = client.get("/city/catalogue").text
    assert "高精度地图测绘数据" in page
    assert "新增重要数据条目" not in page


def test_editing_an_entry_keeps_its_thresholds_and_shows_in_the_diff(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    created = client.post(
        "/city/drafts",
        data={
            "csrf_token": csrf_of(client, "/city"),
            "list_id": "cq-ftz-icv",
            "sector": "智能网联汽车",
            "title": "智能网联汽车负面清单（字段调整）",
            "from_current": "on",
        },
        follow_redirects=False,
    )
    url = created.headers["location"]
    today = clock.today()
    _post(
        client,
        f"{url}/meta",
        url,
        title="中国（重庆）自由贸易试验区数据出境负面清单 — 智能网联汽车（示例，字段调整）",
        version_label="2026.5",
        valid_from=today.isoformat(),
        valid_until=(today + timedelta(days=365)).isoformat(),
        source="示例清单，非官方文本。",
    )
    page = _post(
        client,
        f"{url}/entries/edit",
        url,
        entry_code="ICV-AS-01-01",
        entry_name="车主信息",
        entry_category="16",
        entry_data_type="personal_information",
        entry_fields="姓名、电子邮箱",
        entry_pathway="",
    )
    diff = page.split('id="diff-h"')[1].split("</section>")[0]
    assert "修改</span> 数据类别 ICV-AS-01-01 车主信息：数据字段" in diff
    yaml_text = page.split('name="content"')[1].split("</textarea>")[0]
    entry = yaml_text.split("code: ICV-AS-01-01")[1].split("- code:")[0]
    assert "thresholds" in entry
    assert "手机号" not in entry
