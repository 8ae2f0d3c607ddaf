"""Browser journeys (Playwright driving Debian's chromium) with screenshots as artefacts."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from chujing.platform import clock

from .browser import shot, sign_in
from .world import PASSWORD, World, customers_csv


def test_public_field_lookup(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    shot(page, "public-home")
    page.get_by_role("link", name="负面清单查询").first.click()
    page.get_by_label("业务场景或业务活动").fill("售后服务")
    page.get_by_label("数据字段").fill("手机号")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#answer")).to_contain_text("已列入清单")
    expect(page.get_by_role("cell", name="ICV-AS-01-01")).to_be_visible()
    shot(page, "public-lookup")


def test_anonymous_quick_check(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(base + "/check")
    page.get_by_label("行业领域").select_option("智能网联汽车")
    page.get_by_label("业务场景（清单）").select_option("ICV-AS-01")
    page.get_by_label("数据项名称").fill("车主联系信息")
    page.get_by_label("参考规则类别").select_option("16")
    page.get_by_label("数据字段").fill("姓名、手机号")
    page.get_by_label("本次涉及个人信息（人）").fill("320000")
    page.get_by_label("境外接收方", exact=True).fill("Example GmbH")
    page.get_by_label("接收方所在国家或地区").select_option("DE")
    page.get_by_role("button", name="开始自查").click()
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.get_by_role("heading", name="须履行的义务与下一步")).to_be_visible()
    shot(page, "public-quick-check")


def test_sign_in_by_keyboard(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(base + "/login")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator("a.skip")).to_be_focused()
    page.get_by_label("用户名").focus()
    page.keyboard.type("ent1")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header .who")).to_contain_text("ent1")
    expect(page).to_have_url(f"{base}/enterprise")


def test_report_returned_fixed_and_accepted(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    sign_in(page, base, "ent1")
    expect(page.get_by_role("heading", name="年度出境累计与门槛")).to_be_visible()
    shot(page, "enterprise-dashboard")
    page.get_by_role("link", name="开始出境自评估").click()
    page.get_by_label("售后服务 · 全球售后维修与客户服务（ICV-AS-01）").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("车主信息（个人信息，ICV-AS-01-01）").check()
    page.get_by_label("本次涉及个人信息（人）").fill("12000")
    page.get_by_label("接收方 1 名称").fill("Example Auto Service GmbH")
    page.get_by_label("接收方 1 所在国家或地区").select_option("DE")
    shot(page, "enterprise-wizard")
    page.get_by_role("button", name="评估").click()
    expect(page.locator("#verdict")).to_be_visible()
    shot(page, "enterprise-outcome")
    page.get_by_role("link", name="据此填报出境情况报告").click()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#report-state")).to_contain_text("草稿")
    report_url = page.url
    page.get_by_label("签署人").fill("王经理")
    page.get_by_label("本单位已阅读并作出上述承诺").check()
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#report-state")).to_contain_text("已提交")

    zone = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(zone, base, "zone1")
    zone.goto(base + "/zone")
    expect(zone.locator(f'a[href="{report_url.removeprefix(base)}"]').first).to_be_visible()
    shot(zone, "zone-dashboard")
    zone.goto(report_url)
    expect(zone.get_by_role("heading", name="审核")).to_be_visible()
    zone.get_by_label("第1项 补正事项").select_option("recipients")
    zone.get_by_label("第1项 问题及补正要求").fill("请补充接收方的详细地址")
    zone.get_by_label("第2项 补正事项").select_option("categories")
    zone.get_by_label("第2项 问题及补正要求").fill("请说明车辆识别代号是否出境")
    shot(zone, "zone-review")
    zone.get_by_role("button", name="退回补正").click()
    expect(zone.locator("#report-state")).to_contain_text("已退回待补正")

    page.goto(report_url)
    expect(page.locator("#deficiencies li")).to_have_count(2)
    shot(page, "enterprise-returned")
    page.get_by_label("第1个接收方 名称").fill("Example Auto Service GmbH, Berlin")
    page.get_by_role("button", name="保存修改").click()
    page.get_by_label("签署人").fill("王经理")
    page.get_by_label("本单位已阅读并作出上述承诺").check()
    # the corrected recipient is no longer the assessment's: the signer acknowledges it
    page.get_by_label("已知悉报告与评估的差异，仍按本报告提交").check()
    page.get_by_role("button", name="重新提交").click()
    expect(page.locator("#report-state")).to_contain_text("补正后重新提交")

    zone.goto(report_url)
    zone.get_by_role("button", name="受理").click()
    expect(zone.locator("#report-state")).to_contain_text("已受理")
    shot(zone, "zone-accepted")
    zone.close()


def test_scan_a_file_into_the_wizard(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    sign_in(page, base, "ent2")
    page.goto(f"{base}/enterprise/assess?scenario=ICV-AS-01")
    page.get_by_label("数据文件（CSV、TSV、Excel、Parquet、JSON Lines）").set_input_files(
        files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": customers_csv(300)}]
    )
    page.get_by_role("button", name="开始扫描").click()
    expect(page.get_by_role("status")).to_contain_text("扫描完成")
    shot(page, "enterprise-scan-result")
    page.get_by_role("link", name="将扫描结果带入自评估").click()
    expect(page.get_by_label("本次涉及个人信息（人）")).to_have_value("40")


def test_draw_made_and_verified(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    sign_in(page, base, "zone1")
    page.goto(f"{base}/zone/draws")
    page.get_by_label("抽取名称").fill("两江板块双随机抽查（浏览器）")
    page.get_by_role("button", name="冻结名录并承诺种子").click()
    expect(page.locator("#draw-state")).to_contain_text("待抽取")
    page.get_by_role("button", name="揭示种子并抽取").click()  # the commitment is brand new
    expect(page.get_by_role("alert")).to_contain_text("须满 1 个工作日")
    shot(page, "zone-draw-too-early")
    page.goto(f"{base}/zone/draws")
    page.get_by_role("link", name="两江板块下一轮抽查（待抽取，演示）").click()  # backdated
    page.get_by_role("button", name="揭示种子并抽取").click()
    expect(page.locator("#assignments")).to_be_visible()
    page.get_by_role("button", name="复核抽取").click()
    expect(page.locator("#verify-result")).to_contain_text("复核通过")
    shot(page, "zone-draw-verified")


def test_list_drafted_published_and_found(page: Page, server: tuple[str, World]) -> None:
    base, _ = server
    sign_in(page, base, "city")
    page.get_by_label("清单标识").fill("cq-ftz-icv")
    page.get_by_label("行业领域").fill("智能网联汽车")
    page.get_by_label("草案名称").fill("智能网联汽车负面清单（2026年更新）")
    page.get_by_role("button", name="新建").click()
    expect(page.locator("#draft-stage")).to_contain_text("需求调研")
    draft_url = page.url
    page.get_by_role("button", name="向智能网联汽车数据处理者发出调研").click()
    expect(page.locator("#flash")).to_contain_text("调研已发出")
    answer_survey(page.context.browser, base)  # type: ignore[arg-type]
    page.goto(draft_url)
    page.get_by_role("button", name="结束调研").click()
    expect(page.locator("#flash")).to_contain_text("调研已结束")
    today = clock.today()
    page.get_by_label("版本号").fill(f"{today.year}.9-e2e")
    page.get_by_label("生效日期").fill(today.isoformat())
    page.get_by_label("有效期至").fill((today + timedelta(days=700)).isoformat())
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_label("业务场景编码").fill("ICV-AS-01")
    page.get_by_label("数据类别编码").fill("ICV-AS-01-10")
    page.get_by_label("数据类别名称").fill("车主会员积分信息")
    page.locator("#a-cat").select_option("16")
    page.get_by_label("数据字段（顿号分隔）").fill("会员积分账户")
    page.get_by_role("button", name="新增", exact=True).click()
    expect(page.get_by_role("cell", name="会员积分账户", exact=True)).to_be_visible()
    for step in ("进入重要数据识别", "进入业务场景分析", "提交专家论证与征求意见"):
        page.get_by_role("button", name=step).click()
    expect(page.locator("#draft-stage")).to_contain_text("专家论证与征求意见")
    expert = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(expert, base, "expert")
    expert.goto(draft_url)
    expert.get_by_label("意见", exact=True).fill("建议写明会员积分账户是否含交易明细")
    expert.get_by_role("button", name="提交意见").click()
    expect(expert.locator("#flash")).to_contain_text("意见已提交")
    expect(expert.locator(".comments")).to_contain_text("办件编号 CQ-YJ-")
    expert.close()
    page.goto(draft_url)
    page.get_by_label("理由").fill("已在条目说明中写明")
    page.get_by_role("button", name="记录处理结果").click()
    expect(page.locator("#flash")).to_contain_text("已记录处理结果")
    page.get_by_label("市委网信委批准文号").fill("渝网信委〔2026〕2号")
    page.get_by_role("button", name="记录市委网信委批准").click()
    page.get_by_label("国家备案文号").fill("备案〔2026〕9号")
    page.get_by_role("button", name="记录国家备案").click()
    shot(page, "city-draft-filed")
    page.get_by_role("link", name="发布（核对差异后确认）").click()
    expect(page.locator("#publish-diff")).to_contain_text("ICV-AS-01-10")
    expect(page.locator("#publish-diff")).to_contain_text("被替代版本")
    shot(page, "city-publish-confirm")
    page.get_by_label("已核对上述差异，确认发布").check()
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("#draft-stage")).to_contain_text("已发布")
    expect(page.locator("#flash")).to_contain_text("已发布")

    page.goto(f"{base}/lists")
    page.get_by_label("业务场景或业务活动").fill("售后服务")
    page.get_by_label("数据字段").fill("会员积分账户")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#answer")).to_contain_text("已列入清单")
    expect(page.get_by_role("cell", name="ICV-AS-01-10 · 第16类")).to_be_visible()
    shot(page, "public-lookup-new-entry")


def answer_survey(browser: Browser, base: str) -> None:
    """ent1 answers the open survey of its sector (a demand survey of Art 9(1))."""
    ent = browser.new_page()
    sign_in(ent, base, "ent1")
    ent.goto(f"{base}/enterprise/surveys")
    form = ent.locator("form").filter(has=ent.get_by_role("button", name="提交答复")).first
    form.get_by_label("业务活动").fill("售后服务")
    form.get_by_label("业务场景").fill("会员积分")
    form.get_by_label("第1类 名称").fill("车主会员积分信息")
    form.get_by_label("第1类 参考规则类别").select_option("16")
    form.get_by_label("第1类 数据字段").fill("会员积分账户")
    form.get_by_role("button", name="提交答复").click()
    expect(ent.get_by_role("status").first).to_contain_text("已提交答复")
    ent.close()


CASE_NUMBER = r"LJ-BG-\d{8}-\d{4}"


def test_clerk_signer_return_fix_accept_with_case_number_and_receipt(
    page: Page, server: tuple[str, World], tmp_path: Path
) -> None:
    base, _ = server
    sign_in(page, base, "clerk1")
    page.goto(f"{base}/enterprise/assess")
    page.get_by_label("售后服务 · 全球售后维修与客户服务（ICV-AS-01）").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("车主信息（个人信息，ICV-AS-01-01）").check()
    page.get_by_label("本次涉及个人信息（人）").fill("9000")
    page.get_by_label("接收方 1 名称").fill("Example Auto Service GmbH")
    page.get_by_label("接收方 1 所在国家或地区").select_option("DE")
    page.get_by_role("button", name="评估").click()
    page.get_by_role("link", name="据此填报出境情况报告").click()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#flash")).to_contain_text("已保存草稿")
    expect(page.get_by_label("签署人")).to_have_count(0)  # a clerk is shown no signing form
    report_url = page.url
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#flash")).to_contain_text("已提交管理员审核")
    expect(page.locator("#in-review")).to_contain_text("clerk1")
    shot(page, "clerk-sent-for-signature")

    signer = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(signer, base, "ent1")
    signer.goto(report_url)
    expect(signer.locator("#in-review")).to_be_visible()
    signer.get_by_label("签署人").fill("王经理")
    signer.get_by_label("本单位已阅读并作出上述承诺").check()
    signer.get_by_role("button", name="提交报告").click()
    expect(signer.locator("#flash")).to_contain_text("报告已提交板块")
    expect(signer.locator("#case-number")).to_have_text(re.compile(CASE_NUMBER))
    number = signer.locator("#case-number").inner_text()
    shot(signer, "signer-submitted-with-case-number")

    zone = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(zone, base, "zone1")
    zone.goto(base + "/zone")
    expect(zone.get_by_role("cell", name=number).first).to_be_visible()
    zone.goto(report_url)
    zone.get_by_label("第1项 补正事项").select_option("recipients")
    zone.get_by_label("第1项 问题及补正要求").fill("请补充接收方的详细地址")
    zone.get_by_role("button", name="退回补正").click()
    expect(zone.locator("#flash")).to_contain_text("已退回")

    page.goto(report_url)
    expect(page.locator("#deficiencies li")).to_have_count(1)
    page.get_by_label("第1个接收方 名称").fill("Example Auto Service GmbH, Berlin")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator("#flash")).to_contain_text("已保存修改")
    expect(page.locator("#differences")).to_contain_text("境外接收方")  # now departs
    shot(page, "clerk-fixed-differs-from-assessment")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#flash")).to_contain_text("已提交管理员审核")

    signer.goto(report_url)
    signer.get_by_label("签署人").fill("王经理")
    signer.get_by_label("本单位已阅读并作出上述承诺").check()
    signer.get_by_role("button", name="重新提交").click()
    expect(signer.get_by_role("alert")).to_contain_text("重新评估")  # refused: it departs
    signer.get_by_label("签署人").fill("王经理")
    signer.get_by_label("本单位已阅读并作出上述承诺").check()
    signer.get_by_label("已知悉报告与评估的差异，仍按本报告提交").check()
    signer.get_by_role("button", name="重新提交").click()
    expect(signer.locator("#flash")).to_contain_text("办件编号不变")
    expect(signer.locator("#case-number")).to_have_text(number)

    zone.goto(report_url)
    expect(zone.locator("#differences")).to_contain_text("Example Auto Service GmbH, Berlin")
    shot(zone, "zone-sees-difference-before-accepting")
    zone.get_by_role("button", name="受理").click()
    expect(zone.locator("#flash")).to_contain_text("已受理")
    shot(zone, "zone-accepted-with-receipt")
    page.goto(report_url)
    with page.expect_download() as download:
        page.locator("#receipt-pdf").click()
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert number in download.value.suggested_filename
    page.locator("#case-link").click()  # the case page: 办结, the receipt, the guide
    expect(page.locator("#case-number")).to_have_text(number)
    expect(page.locator("#case-clock")).to_contain_text("已办结")
    expect(page.locator("#receipt-pdf")).to_be_visible()
    shot(page, "clerk-case-page-with-receipt")
    for other in (signer, zone):
        other.close()


def test_list_draft_refused_approval_without_survey_and_expert_review(
    page: Page, server: tuple[str, World]
) -> None:
    base, _ = server
    sign_in(page, base, "city")
    page.get_by_label("清单标识").fill("cq-ftz-icv")
    page.get_by_label("行业领域").fill("智能网联汽车")
    page.get_by_label("草案名称").fill("智能网联汽车负面清单（未经调研）")
    page.get_by_role("button", name="新建").click()
    for step in ("进入重要数据识别", "进入业务场景分析", "提交专家论证与征求意见"):
        page.get_by_role("button", name=step).click()
    page.get_by_label("市委网信委批准文号").fill("渝网信委〔2026〕9号")
    page.get_by_role("button", name="记录市委网信委批准").click()
    refusal = page.locator("#action-error")
    expect(refusal).to_contain_text("尚未完成需求调研")
    expect(refusal).to_contain_text("尚无专家论证意见")
    expect(page.locator("#draft-stage")).to_contain_text("专家论证与征求意见")
    shot(page, "city-approval-refused")


def test_zone_processor_page_and_suspended_enterprise(
    page: Page, server: tuple[str, World]
) -> None:
    base, world = server
    sign_in(page, base, "zone2")
    page.goto(f"{base}/zone/inspections")
    page.locator("details summary", has_text="下达指令").click()
    page.locator("#o-proc").select_option(str(world.ids["p2"]))
    page.locator("#o-kind").select_option("suspend")
    page.locator("#o-reason").fill("未按承诺落实出境后记录")
    page.locator("#o-deadline").fill((clock.today() + timedelta(days=30)).isoformat())
    page.locator("#o-reason").locator("xpath=ancestor::form").get_by_role(
        "button", name="下达指令"
    ).click()
    page.goto(f"{base}/zone/processors/{world.ids['p2']}")
    expect(page.locator("#processor-status")).to_contain_text("已中止出境")
    expect(page.locator("#orders")).to_contain_text("中止出境")
    shot(page, "zone-processor-page")
    ent = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(ent, base, "ent2")
    ent.goto(f"{base}/reports/new")
    expect(ent.locator("#standing")).to_contain_text("被责令中止")
    expect(ent.locator("#standing")).to_contain_text("整改期限")
    shot(ent, "enterprise-suspended-notice")
    ent.close()


ROLE_PAGES = [
    ("zone1", "/zone/risk", "数据处理者风险视图"),
    ("zone1", "/zone/halfyear", "板块半年报告"),
    ("zone1", "/zone/inspections", "检查记录与指令"),
    ("city", "/city/overview", "自贸试验区数据出境总览"),
    ("expert", "/city", "负面清单编制与管理"),
    ("police1", "/referrals", "移送公安、国家安全机关的线索"),
    ("audit1", "/admin/audit", "审计日志"),
    ("admin1", "/admin/users", "用户与角色"),
    ("ent1", "/enterprise/inbox", "收件箱"),
    ("ent1", "/enterprise/records", "出境后记录与安全事件"),
]


@pytest.mark.parametrize(("who", "path", "heading"), ROLE_PAGES)
def test_every_role_reaches_its_pages(
    page: Page, server: tuple[str, World], who: str, path: str, heading: str
) -> None:
    base, _ = server
    sign_in(page, base, who)
    page.goto(base + path)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    shot(page, f"role-{who}-{path.strip('/').replace('/', '-')}")


@pytest.mark.parametrize("width", [1280, 768])
@pytest.mark.parametrize("path", ["/lists?scenario=售后服务&field=手机号", "/check", "/catalogue"])
def test_no_sideways_scrolling_on_laptop_and_tablet(
    page: Page, server: tuple[str, World], width: int, path: str
) -> None:
    base, _ = server
    page.set_viewport_size({"width": width, "height": 1024})
    page.goto(base + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    if width == 768 and path.startswith("/lists"):
        shot(page, "tablet-lookup")


@pytest.mark.parametrize("width", [1366, 768])
def test_header_fits_one_row_on_laptop_and_tablet(
    page: Page, server: tuple[str, World], width: int
) -> None:
    """Signed in (the longest header: brand, five links, name and role, 退出)."""
    base, _ = server
    page.set_viewport_size({"width": width, "height": 1024})
    sign_in(page, base, "city")
    page.goto(base + "/catalogue")
    tops = page.evaluate(
        "[...document.querySelectorAll('.brand, .mainnav li, .account')]"
        ".map(e => e.getBoundingClientRect())"
        ".map(r => Math.round(r.top + r.height / 2))"
    )
    assert max(tops) - min(tops) <= 4, tops  # one row: every part centred on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    expect(page.get_by_role("link", name="数据出境负面清单服务平台")).to_be_visible()
    shot(page, f"header-{width}")


DEMO_PAGES = [  # role of a demo login -> a page it works on
    ("processor_admin", "/enterprise"),
    ("processor_admin", "/enterprise/records"),
    ("zone_officer", "/zone"),
    ("zone_officer", "/zone/inspections"),
    ("municipal_officer", "/city"),
    ("municipal_officer", "/city/overview"),
    ("auditor", "/admin/audit"),
]


@pytest.mark.parametrize(("role", "path"), DEMO_PAGES)
def test_demo_logins_see_the_demo_data(
    page: Page, server: tuple[str, World], role: str, path: str
) -> None:
    from chujing.platform.demo import PASSWORD as DEMO_PASSWORD
    from chujing.platform.demo import USERS as DEMO_USERS

    base, _ = server
    who = next(name for name, user_role, *_ in DEMO_USERS if user_role == role)
    sign_in(page, base, who, DEMO_PASSWORD)
    response = page.goto(base + path)
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, f"demo-{who}-{path.strip('/').replace('/', '-')}")


def _submitted_report(page: Page, base: str, persons: str) -> str:
    """ent1 (an administrator) assesses, drafts and submits a report; its URL."""
    page.goto(f"{base}/enterprise/assess")
    page.get_by_label("售后服务 · 全球售后维修与客户服务（ICV-AS-01）").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("车主信息（个人信息，ICV-AS-01-01）").check()
    page.get_by_label("本次涉及个人信息（人）").fill(persons)
    page.get_by_label("接收方 1 名称").fill("Example Auto Service GmbH")
    page.get_by_label("接收方 1 所在国家或地区").select_option("DE")
    page.get_by_role("button", name="评估").click()
    page.get_by_role("link", name="据此填报出境情况报告").click()
    expect(page.locator("#guide")).to_contain_text("材料清单")  # the guide beside the step
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_label("签署人").fill("王经理")
    page.get_by_label("本单位已阅读并作出上述承诺").check()
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#flash")).to_contain_text("报告已提交板块")
    return page.url


def test_enterprise_day_guide_countdown_and_notification_centre(
    page: Page, server: tuple[str, World]
) -> None:
    base, _ = server
    sign_in(page, base, "ent1")
    page.goto(f"{base}/reports/new")
    guide = page.locator("#guide")
    expect(guide).to_contain_text("办事指南：数据出境情况报告")
    expect(guide).to_contain_text("第十一条")  # cited from the rule book
    expect(guide).to_contain_text("承诺时限")
    shot(page, "day-report-guide")
    report_url = _submitted_report(page, base, "7000")
    number = page.locator("#case-number").inner_text()
    page.goto(f"{base}/enterprise")
    row = page.locator("#open-cases tr", has_text=number)
    expect(row).to_contain_text(re.compile(r"剩余 \d+ 个工作日|今日到期"))
    shot(page, "day-dashboard-countdown")
    page.goto(f"{base}/inbox")
    if page.get_by_role("button", name="全部标为已读").count():
        page.get_by_role("button", name="全部标为已读").click()
        expect(page.locator("#flash")).to_contain_text("已标为已读")
    expect(page.locator("#header-badge .badge")).to_have_count(0)

    zone = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(zone, base, "zone1")
    zone.goto(report_url)
    zone.get_by_label("第1项 补正事项").select_option("recipients")
    zone.get_by_label("第1项 问题及补正要求").fill("请补充接收方的详细地址")
    zone.get_by_role("button", name="退回补正").click()
    expect(zone.locator("#flash")).to_contain_text("已退回")
    zone.close()

    page.goto(f"{base}/enterprise")
    expect(page.locator("#header-badge .badge")).to_have_text("1")
    page.locator("#header-badge").click()
    returns = page.locator("#inbox-returns")
    expect(returns).to_contain_text("未读 1")
    expect(returns.locator("li.unread")).to_contain_text("已退回")
    shot(page, "day-notification-centre")
    returns.get_by_role("button", name="将退回补正标为已读").click()
    expect(page.locator("#flash")).to_contain_text("已标为已读")
    expect(page.locator("#inbox-returns")).to_contain_text("未读 0")
    expect(page.locator("#header-badge .badge")).to_have_count(0)


def test_officer_finds_a_case_by_number_and_sees_what_changed(
    page: Page, server: tuple[str, World]
) -> None:
    base, _ = server
    first = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(first, base, "zone1")  # the officer's previous visit
    first.close()
    ent = page.context.browser.new_page()  # type: ignore[union-attr]
    sign_in(ent, base, "ent1")
    _submitted_report(ent, base, "6500")
    number = ent.locator("#case-number").inner_text()
    ent.close()

    sign_in(page, base, "zone1")
    expect(page.locator("#header-badge .badge")).to_be_visible()  # cases changed since
    page.locator("#header-badge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("上次登录以来的变化")
    expect(page.locator("#since")).to_contain_text("自您上次登录")
    expect(page.locator("#changes tr", has_text=number)).to_contain_text("提交")
    shot(page, "day-officer-changes")
    page.goto(f"{base}/cases")
    page.get_by_label("办件编号", exact=True).fill(number)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#search-result")).to_contain_text(f"找到办件 {number}")
    expect(page.locator("#cases tr", has_text=number)).to_contain_text("个工作日")
    shot(page, "day-officer-case-search")
    page.get_by_role("link", name=number).first.click()
    expect(page.locator("#case-clock")).to_contain_text("个工作日")
    expect(page.locator("#guide")).to_contain_text("材料清单")
    shot(page, "day-case-page")


def test_consultation_says_what_happened_and_shows_its_number(
    page: Page, server: tuple[str, World]
) -> None:
    base, _ = server
    sign_in(page, base, "ent1")
    page.goto(f"{base}/consultations")
    expect(page.locator("#guide")).to_contain_text("办事指南：政策咨询")
    page.get_by_label("主题").fill("清单适用范围")
    page.get_by_label("问题").fill("售后服务场景中的车主积分信息是否适用负面清单？")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#flash")).to_contain_text("咨询已提交")
    expect(page.locator("table").first).to_contain_text(re.compile(r"LJ-ZX-\d{8}-\d{4}"))
    shot(page, "day-consultation-asked")
