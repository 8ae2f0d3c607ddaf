"""The list lifecycle through the pages: draft → stages → comments → publish → public lookup."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.demo_regulators import complete_survey_and_review

from .conftest import csrf_of, post_form, sign_in
from .drafts import NEW_ENTRY, new_draft, post_draft
from .refusals import refused_at, version_of
from .world import World

NEW_FIELD = NEW_ENTRY["entry_fields"]


def _set_meta(client: TestClient, url: str, title: str, version_label: str, days: int) -> None:
    """The draft's title and version, valid from today for `days` days."""
    today = clock.today()
    post_draft(
        client,
        f"{url}/meta",
        url,
        title=title,
        version_label=version_label,
        valid_from=today.isoformat(),
        valid_until=(today + timedelta(days=days)).isoformat(),
        source="示例清单，非官方文本。",
    )


def _refused(client: TestClient, url: str, draft_url: str, said: str, **data: str) -> str:
    """An action on the draft the page refuses (422) with `said`, a general message."""
    lock = version_of(client, draft_url)
    return refused_at(client, url, draft_url, "", said, version=lock, **data)


def test_draft_to_published_and_found_by_the_public(client: TestClient, world: World) -> None:
    assert "未列入清单" in client.get("/lists", params={"field": NEW_FIELD}).text
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "智能网联汽车负面清单（2026年更新）", from_current=True)
    assert "ICV-AS-01-01" in client.get(url).text  # started from the list in force
    _set_meta(
        client,
        url,
        "中国（重庆）自由贸易试验区数据出境负面清单 — 智能网联汽车（示例，2026年更新）",
        "2026.1",
        730,
    )
    page = post_draft(client, f"{url}/entries", url, **NEW_ENTRY)
    assert "新增</span> 数据类别 ICV-AS-01-09" in page
    for action in ("identify", "analyse", "consult"):
        page = post_draft(client, f"{url}/advance", url, action=action)
    assert "专家论证与征求意见" in page

    expert = TestClient(client.app)
    sign_in(expert, "expert")
    post_form(
        expert,
        f"{url}/comments",
        url,
        entry_code="ICV-AS-01-09",
        text="建议明确昵称是否包含可识别个人的信息",
    )

    approval = {"action": "approve", "ref": "渝网信委〔2026〕1号"}
    refused = _refused(client, f"{url}/advance", url, "未记录处理结果", **approval)
    comment_id = re.search(r'/comments/(\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    resolution = {"resolution": "adopted", "note": "已在条件中注明"}
    post_form(client, f"{url}/comments/{comment_id}", url, **resolution)
    assert "尚未完成需求调研" in refused
    with client.app.state.database.transaction() as db:  # type: ignore[attr-defined]
        complete_survey_and_review(db, int(url.rsplit("/", 1)[1]))
    post_draft(client, f"{url}/advance", url, action="approve", ref="渝网信委〔2026〕1号")
    post_draft(client, f"{url}/advance", url, action="file", ref="备案〔2026〕8号")
    enterprise = TestClient(client.app)
    sign_in(enterprise, "ent1")
    before = post_form(
        enterprise,
        "/enterprise/assess",
        "/workbench",
        scenario="ICV-AS-01",
        own_name="车主社交账号",
        own_category="16",
        own_fields=NEW_FIELD,
        own_pi="personal",
        persons="2000",
        rec_name_0="Example GmbH",
        rec_country_0="DE",
    )
    assessment = before.headers["location"]

    confirm = client.get(f"{url}/publish").text
    assert "确认发布" in confirm
    assert "ICV-AS-01" in confirm  # the change against the version in force
    _refused(client, f"{url}/advance", url, "勾选确认发布", action="publish")
    page = post_draft(client, f"{url}/advance", url, action="publish", confirm="on")
    assert 'id="draft-stage">已发布' in page

    rerun = post_form(enterprise, f"{assessment}/rerun", assessment)
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
    url = new_draft(client, "cq-ftz-icv-survey", "智能网联汽车新增场景", from_current=False)
    post_form(
        client,
        f"{url}/surveys",
        url,
        sector="智能网联汽车",
        title="智能网联汽车数据出境需求调研",
        due="2026-12-31",
    )
    survey = re.search(r'id="answers-(\d+)">0<', client.get(url).text).group(1)  # type: ignore[union-attr]

    enterprise = TestClient(client.app)
    sign_in(enterprise, "ent1")
    form = enterprise.get("/enterprise/surveys").text
    assert "智能网联汽车数据出境需求调研" in form
    answer, surveys = f"/enterprise/surveys/{survey}", "/enterprise/surveys"
    category = {"cat_number_0": "16", "cat_type_0": "personal_information"}
    post_form(
        enterprise,
        answer,
        surveys,
        activity="研发设计",
        scenario="海外座舱体验测试",
        persons="3000",
        exports="12",
        countries="DE、JP",
        cat_name_0="测试用户信息",
        cat_fields_0="姓名、手机号",
        **category,
    )
    # one answer per processor
    again = {"activity": "x", "scenario": "y", "cat_name_0": "z", "cat_fields_0": "姓名"}
    post_form(enterprise, answer, surveys, status=422, **again, **category)

    page = client.get(url).text
    assert f'id="answers-{survey}">1<' in page
    assert "海外座舱体验测试" in page  # the scenario analysis shows the answer
    post_draft(client, f"{url}/surveys/{survey}/seed", url)
    page = client.get(url).text
    assert "测试用户信息" in page
    assert "姓名、手机号" in page


def test_important_data_catalogue(client: TestClient, world: World) -> None:
    sign_in(client, "city")
    post_form(
        client,
        "/city/catalogue",
        sector="智能网联汽车",
        code="ICV-ID-01",
        name="高精度地图测绘数据",
        category="16",
        basis="《汽车数据安全管理若干规定（试行）》",
    )
    assert "高精度地图测绘数据" in client.get("/city/catalogue?sector=智能网联汽车").text
    bad = {"sector": "智能网联汽车", "code": "ICV-ID-02", "name": "x", "category": "41"}
    post_form(client, "/city/catalogue", status=422, **bad)
    sign_in(client, "expert")
    page = client.get("/city/catalogue").text
    assert "高精度地图测绘数据" in page
    assert "新增重要数据条目" not in page


def test_editing_an_entry_keeps_its_thresholds_and_shows_in_the_diff(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "智能网联汽车负面清单（字段调整）", from_current=True)
    _set_meta(
        client,
        url,
        "中国（重庆）自由贸易试验区数据出境负面清单 — 智能网联汽车（示例，字段调整）",
        "2026.5",
        365,
    )
    edit = {"entry_code": "ICV-AS-01-01", "entry_name": "车主信息", "entry_pathway": ""}
    page = post_draft(
        client,
        f"{url}/entries/edit",
        url,
        **{**NEW_ENTRY, **edit, "entry_fields": "姓名、电子邮箱"},
    )
    diff = page.split('id="diff-h"')[1].split("</section>")[0]
    assert "修改</span> 数据类别 ICV-AS-01-01 车主信息：数据字段" in diff
    yaml_text = page.split('name="content"')[1].split("</textarea>")[0]
    entry = yaml_text.split("code: ICV-AS-01-01")[1].split("- code:")[0]
    assert "thresholds" in entry
    assert "手机号" not in entry


# A refused field of each form of the draft page: (form's path below the draft, control the
# message is linked to ("" for a general message), what it says, the form, what the page
# shows again of what was typed).
DRAFT_REFUSALS: list[tuple[str, str, str, dict[str, str], tuple[str, ...]]] = [
    (
        "meta",
        "m-until",
        "日期格式不正确",
        {"title": "改过的名称", "valid_until": "2026-02-30"},
        ('id="m-title" name="title" value="改过的名称"', 'value="2026-02-30"'),
    ),
    (
        "entries",
        "a-fields",
        "数据字段：不能为空",
        {**NEW_ENTRY, "entry_fields": ""},
        ('id="a-name" name="entry_name" required value="车主社交账号"',),
    ),
    (
        "entries",
        "a-cat",
        "超过允许的最大值",
        {**NEW_ENTRY, "entry_category": "99999"},
        ('id="a-code" name="entry_code" required value="ICV-AS-01-09"',),
    ),
    (
        "entries/edit",
        "",
        "数据字段：不能为空",
        {**NEW_ENTRY, "entry_code": "ICV-AS-01-01", "entry_name": "改名", "entry_fields": ""},
        ("<details open>", 'name="entry_name" value="改名"'),
    ),
    ("entries/remove", "", "没有编码为 ICV-NONE 的数据类别", {"entry_code": "ICV-NONE"}, ()),
    ("yaml", "content", "YAML 格式错误", {"content": "id: [未闭合"}, (">id: [未闭合</textarea>",)),
    ("yaml", "content", "须为 YAML 映射", {"content": "- 一项"}, (">- 一项</textarea>",)),
    ("xlsx", "file", "请选择 Excel 文件", {}, ()),
    ("advance", "", "未知的操作", {"action": "no-such-move"}, ()),
]


def test_a_refused_draft_form_shows_the_draft_again_with_what_was_typed(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "退回的草案表单", from_current=True)
    for path, control, said, data, kept in DRAFT_REFUSALS:
        lock = version_of(client, url)
        page = refused_at(client, f"{url}/{path}", url, control, said, version=lock, **data)
        assert all(typed in page for typed in kept), (path, kept)
        assert "<details open>" not in page or path == "entries/edit"


def test_the_content_forms_replace_the_draft_as_the_api_does(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "整体导入的草案", from_current=False)
    workbook = client.get("/lists/cq-ftz-icv/xlsx").content
    upload = {"file": ("list.xlsx", workbook)}
    lock = {"csrf_token": csrf_of(client, url), "version": version_of(client, url)}
    response = client.post(f"{url}/xlsx", data=lock, files=upload, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert "ICV-AS-01-01" in client.get(url).text
    page = post_draft(client, f"{url}/entries/remove", url, entry_code="ICV-AS-01-01")
    assert 'aria-label="删除 ICV-AS-01-01"' not in page
    page = post_draft(client, f"{url}/yaml", url, content="title: 只剩名称\nscenarios: []\n")
    assert "ICV-AS-01-01" not in page
    assert "title: 只剩名称" in page


def test_a_refused_comment_or_resolution_keeps_what_was_typed(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    url = new_draft(client, "cq-ftz-icv", "征求意见中的草案", from_current=True)
    for action in ("identify", "analyse", "consult"):
        post_draft(client, f"{url}/advance", url, action=action)
    comment = refused_at(
        client, f"{url}/comments", url, "c-text", "意见：不能为空", entry_code="X-1"
    )
    assert 'id="c-entry" name="entry_code" value="X-1"' in comment
    post_form(client, f"{url}/comments", url, entry_code="X-1", text="请补充说明")
    comment_id = re.search(r'/comments/(\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    resolution = f"{url}/comments/{comment_id}"
    kept = refused_at(client, resolution, url, "", "说明：不能为空", resolution="partly_adopted")
    assert '<option value="partly_adopted" selected>' in kept


def test_a_refused_new_draft_or_catalogue_item_keeps_what_was_typed(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    draft = {"list_id": "Not An Id", "sector": "测试行业", "title": "新草案"}
    page = refused_at(client, "/city/drafts", "/city", "list_id", "格式不正确", **draft)
    assert 'id="sector" name="sector" required value="测试行业"' in page
    assert 'name="from_current">' in page  # left unticked, as it was posted
    item = {"sector": "测试行业", "code": "坏 编码", "name": "测绘数据", "category": "16"}
    page = refused_at(client, "/city/catalogue", None, "n-code", "编号：格式不正确", **item)
    assert 'id="n-name" name="name" required value="测绘数据"' in page
    assert '<option value="16" selected>' in page
