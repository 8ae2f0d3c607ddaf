"""The report steps, the self-assessment wizard and the quick check read their forms
through `web.forms.form` into typed models: a refused field shows the same page again
(422) with the Chinese message by its control and what was typed; a post without the
session's CSRF token is refused before anything is read."""

import re

from fastapi.testclient import TestClient

from chujing.rules import load_rules
from chujing.web.notices import NOTICES
from chujing.web.reports import NO_DEFICIENCY

from . import refusals
from .conftest import csrf_of, post_form, sign_in
from .test_public import CHECK
from .test_reports import WIZARD, _act, _version
from .world import World

CSRF_MESSAGE = "表单校验失败（CSRF）"
REPORT = {
    "title": "售后服务报告",
    "scenario": "ICV-AS-01",
    "scenario_name": "售后服务",
    "export_date": "2026-03-01",
    "cat_name_0": "车主信息",
    "cat_fields_0": "姓名、手机号",
    "rec_name_0": "X GmbH",
    "rec_country_0": "DE",
}


def _draft(client: TestClient, **changes: str) -> str:
    """A new draft report of ent1's organisation; its page's address."""
    created = post_form(client, "/reports/new", **{**REPORT, **changes})
    return str(created.headers["location"])


def _signed_in_draft(client: TestClient) -> tuple[str, str]:
    """A new draft of ent1, signed in: its page's address and the version it shows."""
    sign_in(client, "ent1")
    url = _draft(client)
    return url, _version(client.get(url).text)


def _submitted(client: TestClient) -> str:
    url = _draft(client)
    _act(client, url, "submit", signed_by="王经理", agree="on")
    return url


def _input(html: str, control: str) -> str:
    """The tag of the input whose id is `control`."""
    found = re.search(rf'<input[^>]*\bid="{control}"[^>]*>', html)
    assert found is not None, control
    return found.group(0)


def test_a_refused_new_report_keeps_what_was_typed(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    token = csrf_of(client, "/reports/new")
    typed = {**REPORT, "export_date": "2026-02-30", "cat_fields_0": "姓名、车架号"}
    refused = client.post("/reports/new", data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert "出境日期：日期格式不正确（应为 YYYY-MM-DD）" in refusals.summary(refused.text)
    refusals.links_to(refused.text, "export_date")
    assert 'value="售后服务报告"' in _input(refused.text, "title")
    assert 'value="2026-02-30"' in _input(refused.text, "export_date")
    assert 'value="姓名、车架号"' in refused.text
    assert "填报数据出境情况报告" in refused.text  # the form's own page


def test_a_refused_edit_shows_the_typed_values_not_the_stored_ones(
    client: TestClient, world: World
) -> None:
    url, version = _signed_in_draft(client)
    changed = {**REPORT, "title": "改过的名称", "persons": "很多"}
    refused = post_form(client, f"{url}/edit", url, status=422, version=version, **changed)
    assert "个人信息人数：须为整数" in refusals.summary(refused.text)
    refusals.links_to(refused.text, "persons")
    assert 'value="改过的名称"' in _input(refused.text, "title")
    assert 'value="很多"' in _input(refused.text, "persons")
    assert "<h1>售后服务报告</h1>" in refused.text  # nothing was saved
    saved = post_form(
        client, f"{url}/edit", url, version=version, **{**changed, "persons": "1,200"}
    )
    assert NOTICES["saved"] in client.get(saved.headers["location"]).text
    assert "1,200 人" in client.get(url).text


def test_a_refused_submission_keeps_the_signer_and_the_ticks(
    client: TestClient, world: World
) -> None:
    url, version = _signed_in_draft(client)
    unsigned = post_form(
        client, f"{url}/submit", url, status=422, version=version, signed_by="王经理"
    )
    assert "须签署《管理办法》第十五条承诺" in refusals.summary(unsigned.text)
    refusals.links_to(unsigned.text, "agree")
    assert 'value="王经理"' in _input(unsigned.text, "signed_by")
    assert "checked" not in _input(unsigned.text, "agree")
    nameless = post_form(
        client, f"{url}/submit", url, status=422, version=version, signed_by=" ", agree="on"
    )
    assert "承诺 签署人：不能为空" in refusals.summary(nameless.text)
    refusals.links_to(nameless.text, "signed_by")
    assert "checked" in _input(nameless.text, "agree")
    assert "草稿" in client.get(url).text  # still a draft


def test_a_return_without_a_deficiency_is_refused_in_the_pages_sentence(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    url = _submitted(client)
    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    version = _version(zone.get(url).text)
    refused = post_form(zone, f"{url}/return", url, status=422, version=version, note="请补正")
    summary = refusals.summary(refused.text)
    assert NO_DEFICIENCY in summary
    assert 'href="#' not in summary  # the form's general error
    stale = post_form(zone, f"{url}/accept", url, status=422, version="999")
    assert "提交版本 999），请刷新后重试" in refusals.summary(stale.text)


def test_a_resubmission_is_announced_as_one(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    url = _submitted(client)
    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    _act(zone, url, "return", def_field_0="recipients", def_problem_0="请补充接收方地址")
    version = _version(client.get(url).text)
    again = post_form(client, f"{url}/submit", url, version=version, signed_by="王经理", agree="on")
    assert NOTICES["resubmitted"] in client.get(again.headers["location"]).text


def test_report_forms_without_the_session_token_are_refused(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    url = _draft(client, title="未带令牌的报告之前")
    for action, data in (("/reports/new", REPORT), (f"{url}/submit", {"signed_by": "王经理"})):
        refused = client.post(action, data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert CSRF_MESSAGE in refused.text
    forged = client.post(f"{url}/edit", data={**REPORT, "csrf_token": "forged", "version": "1"})
    assert forged.status_code == 403
    assert "<h1>未带令牌的报告之前</h1>" in client.get(url).text


def test_a_refused_wizard_keeps_the_entries_fields_and_exemptions(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    typed = {
        **WIZARD,
        "fields_ICV-AS-01-01": ["姓名"],
        "persons": "很多",
        "holdings_sensitive": "-3",
        "exemption": "o16.art5.2",
        "own_name": "维修记录",
    }
    refused = client.post("/enterprise/assess", data={**typed, "csrf_token": csrf_of(client)})
    assert refused.status_code == 422
    assert '<p class="field-error" id="persons-error">请填写不小于 0 的整数</p>' in refused.text
    assert 'id="holdings_sensitive-error"' in refused.text
    assert 'id="e-ICV-AS-01-01" name="entry" value="ICV-AS-01-01" checked' in refused.text
    assert 'name="fields_ICV-AS-01-01" value="姓名" checked' in refused.text
    assert 'name="fields_ICV-AS-01-01" value="手机号">' in refused.text  # left unticked
    assert 'value="o16.art5.2" checked' in refused.text
    assert 'value="维修记录"' in _input(refused.text, "own_name")
    assert 'value="售后服务车主信息出境"' in _input(refused.text, "title")


def test_a_wizard_plan_the_service_refuses_is_shown_by_its_control(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    data = {**WIZARD, "rec_country_0": "德国", "csrf_token": csrf_of(client)}
    refused = client.post("/enterprise/assess", data=data)
    assert refused.status_code == 422
    assert 'id="rec_country_0-error"' in refused.text
    assert 'value="Example Auto Service GmbH"' in _input(refused.text, "rec_name_0")


def test_a_refused_quick_check_keeps_what_was_typed(client: TestClient) -> None:
    kind = next(iter(load_rules().sensitive_kinds.values())).code
    typed = {
        **CHECK,
        "pi": "sensitive",
        "sensitive_kinds": kind,
        "persons": "很多",
        "ytd_persons": "-1",
        "exemption": "o16.art5.1",
    }
    refused = client.post("/check", data=typed)
    assert refused.status_code == 422
    assert '<p class="field-error" id="persons-error">请填写不小于 0 的整数</p>' in refused.text
    assert 'id="ytd_persons-error"' in refused.text
    assert 'id="verdict"' not in refused.text
    assert 'value="车主联系信息"' in _input(refused.text, "item_name")
    assert f'name="sensitive_kinds" value="{kind}" checked' in refused.text
    assert 'value="o16.art5.1" checked' in refused.text


def test_the_quick_check_shows_a_signed_in_visitor_as_signed_in(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    refused = client.post("/check", data={**CHECK, "persons": "很多"})
    assert refused.status_code == 422
    assert '<span class="who">ent1' in refused.text
    anonymous = TestClient(client.app).post("/check", data={**CHECK, "persons": "很多"})
    assert anonymous.status_code == 422
    assert 'class="who"' not in anonymous.text
