"""The public pages: introduction, list lookup, catalogue, other FTZs, quick self-check."""

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from chujing.rules import load_lists, load_rules


def test_every_public_page_declares_chinese(client: TestClient) -> None:
    for path in (
        "/",
        "/lists",
        "/lists/cq-ftz-icv",
        "/other-ftz",
        "/catalogue",
        "/check",
        "/login",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="zh-CN">' in response.text, path
        assert "跳到主要内容" in response.text, path


def test_home_introduces_the_system_and_links_the_lists(client: TestClient) -> None:
    text = client.get("/").text
    assert "负面清单以外" in text
    assert 'href="/lists/cq-ftz-icv"' in text


def test_field_lookup_finds_phone_in_after_sales(client: TestClient) -> None:
    text = client.get("/lists", params={"scenario": "售后服务", "field": "手机号"}).text
    assert "已列入清单" in text
    assert "ICV-AS-01-01" in text
    assert "<mark>手机号</mark>" in text
    assert "ICV-RD-01-04" not in text  # 手机号 of 研发人员 is another scenario


def test_field_lookup_says_when_nothing_is_listed(client: TestClient) -> None:
    text = client.get("/lists", params={"scenario": "售后服务", "field": "宠物昵称"}).text
    assert "未列入清单" in text
    assert "已列入清单" not in text


def test_sector_filter_keeps_other_sectors_out(client: TestClient) -> None:
    sectors = {lst.sector for lst in load_lists()}
    assert len(sectors) > 1
    own = "智能网联汽车"
    text = client.get("/lists", params={"sector": own, "field": "姓名"}).text
    rows = re.findall(r"<tr>\s*<td><a href=\"/lists/([^\"]+)\"", text)
    assert rows
    assert set(rows) == {"cq-ftz-icv"}


def test_list_page_shows_every_entry(client: TestClient) -> None:
    lst = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")
    text = client.get("/lists/cq-ftz-icv").text
    for _, entry in lst.entries():
        assert entry.code in text


def test_unknown_list_is_a_404_page(client: TestClient) -> None:
    response = client.get("/lists/no-such-list")
    assert response.status_code == 404
    assert "未找到" in response.text


def test_list_excel_download_round_trips(client: TestClient) -> None:
    from chujing.listxlsx import import_xlsx

    response = client.get("/lists/cq-ftz-icv/xlsx")
    assert response.status_code == 200
    load_workbook(io.BytesIO(response.content))
    back = import_xlsx(response.content)
    assert back.id == "cq-ftz-icv"


def test_other_ftz_page_lists_only_other_zones(client: TestClient) -> None:
    text = client.get("/other-ftz").text
    others = [lst for lst in load_lists() if lst.ftz != "chongqing"]
    assert others
    for lst in others:
        assert lst.title in text
    assert "/lists/cq-ftz-icv" not in text


def test_catalogue_search(client: TestClient) -> None:
    everything = client.get("/catalogue").text
    assert everything.count('<tr id="c') == 40
    hits = client.get("/catalogue", params={"q": "医疗"}).text
    assert 0 < hits.count('<tr id="c') < 40


def test_catalogue_shows_each_example_block_once(client: TestClient) -> None:
    """As in the seed's merged cells: a block spanning several categories is one cell,
    opened on the row of its first category."""
    page = client.get("/catalogue").text
    rows = {int(n): row for n, row in re.findall(r'<tr id="c(\d+)">(.*?)</tr>', page, re.S)}
    for block in load_rules().catalogue.example_blocks:
        first, *rest = sorted(block.categories)
        assert page.count(block.text) == 1, block.id
        assert block.text in rows[first], block.id
        if rest:
            assert f'rowspan="{len(block.categories)}">' in rows[first], block.id


CHECK = {
    "ftz": "registered",
    "sector": "智能网联汽车",
    "date": "2026-03-01",
    "scenario": "ICV-AS-01",
    "item_name": "车主联系信息",
    "category": "16",
    "fields": "姓名、手机号",
    "pi": "personal",
    "important_data": "none",
    "persons": "320000",
    "sensitive_persons": "0",
    "ytd_persons": "90000",
    "ytd_sensitive_persons": "0",
    "recipient": "Example GmbH",
    "country": "DE",
}


def test_quick_check_gives_outcome_with_reasons(client: TestClient) -> None:
    from chujing.engine import assess, parse_plan
    from chujing.web.checkform import CheckPlan
    from chujing.web.forms import parse

    response = client.post("/check", data=CHECK)
    assert response.status_code == 200
    plan = parse(CheckPlan, CHECK).plan([])
    expected = assess(parse_plan(plan), lists=load_lists())
    assert 'id="verdict"><span class="tag tag-big">' in response.text
    from chujing.engine.labels import PATHWAY_SHORT

    verdict = response.text.split('id="verdict">', 1)[1]
    assert verdict.split("</span>", 1)[0].endswith(PATHWAY_SHORT[expected.pathway])
    for reason in expected.reasons:
        assert reason.citation in response.text


def test_quick_check_names_the_bad_control(client: TestClient) -> None:
    response = client.post("/check", data={**CHECK, "country": "德国"})
    assert response.status_code == 422
    assert 'id="country" name="country"' in response.text
    assert 'aria-invalid="true" aria-describedby="country-error"' in response.text
    bad_count = client.post("/check", data={**CHECK, "persons": "-5"})
    assert bad_count.status_code == 422
    assert 'id="persons-error"' in bad_count.text


def test_quick_check_offers_the_exemptions_of_the_rule_book(client: TestClient) -> None:
    from chujing.engine.labels import FLAG, PATHWAY_SHORT

    form = {
        **CHECK,
        "ftz": "none",
        "scenario": "",
        "sector": "",
        "persons": "200000",
        "ytd_persons": "0",
    }
    page = client.get("/check").text
    assert 'value="o16.art5.1"' in page  # 订立、履行个人作为一方当事人的合同所必需
    plain = client.post("/check", data=form).text
    claimed = client.post(
        "/check", data={**form, "exemption": "o16.art5.1", "necessity_attested": "on"}
    ).text
    unattested = client.post("/check", data={**form, "exemption": "o16.art5.1"}).text

    def verdict(html: str) -> str:
        return html.split('id="verdict">', 1)[1].split("</span>", 1)[0]

    assert verdict(plain).endswith(PATHWAY_SHORT["standard_contract_or_certification"])
    assert verdict(claimed).endswith(PATHWAY_SHORT["exempt"])
    assert FLAG["necessity_not_attested"] in unattested


def test_quick_check_counts_the_holdings(client: TestClient) -> None:
    from chujing.engine import assess, parse_plan
    from chujing.engine.labels import FLAG
    from chujing.web.checkform import CheckPlan
    from chujing.web.forms import parse

    held = {**CHECK, "holdings_persons": "12000000", "holdings_account_medical": "1200000"}
    plan = parse(CheckPlan, held).plan([])
    assert plan["holdings"]["persons"] == 12_000_000
    outcome = assess(parse_plan(plan), lists=load_lists())
    baseline = assess(parse_plan(parse(CheckPlan, CHECK).plan([])), lists=load_lists())
    added = set(outcome.flags) - set(baseline.flags)
    assert added  # the holdings change the decision's flags
    page = client.post("/check", data=held).text
    for flag in added:
        assert FLAG.get(flag, flag) in page
    bad = client.post("/check", data={**CHECK, "holdings_sensitive": "很多"})
    assert 'id="holdings_sensitive-error"' in bad.text


def test_every_path_answers_a_chinese_page(client: TestClient) -> None:
    """An unknown path and a wrong method on a page answer HTML in Chinese, not JSON; the
    API keeps its JSON errors."""
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "未找到该页面或记录" in missing.text
    wrong = client.get("/logout")
    if wrong.status_code != 405:  # pick any page route that takes POST only
        wrong = client.put("/login")
    assert wrong.status_code == 405
    assert wrong.headers["content-type"].startswith("text/html")
    assert "此地址不接受这种请求方式" in wrong.text
    assert "allow" in wrong.headers
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/json")


def test_quick_check_uses_the_lists_in_force_on_the_plans_date(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan dated in the past is decided by the list versions in force on its date, as
    `chujing assess` decides it, not by today's (here: a today after the list expired)."""
    from datetime import date

    from chujing.engine import assess, parse_plan
    from chujing.platform import clock
    from chujing.web.checkform import CheckPlan
    from chujing.web.forms import parse

    monkeypatch.setattr(clock, "today", lambda: date(2028, 1, 1))
    dated = {**CHECK, "date": "2026-10-01"}
    response = client.post("/check", data=dated)
    assert response.status_code == 200, response.text
    plan = parse(CheckPlan, dated).plan([])
    expected = assess(parse_plan(plan), lists=load_lists())
    assert expected.regime == "chongqing_negative_list"
    from chujing.engine.labels import PATHWAY_SHORT

    verdict = response.text.split('id="verdict">', 1)[1].split("</span>", 1)[0]
    assert verdict.endswith(PATHWAY_SHORT[expected.pathway])
    outcome = response.text.split("<main", 1)[1].split("调整后重新自查", 1)[0]
    assert next(lst.title for lst in load_lists() if lst.id == "cq-ftz-icv") in outcome
