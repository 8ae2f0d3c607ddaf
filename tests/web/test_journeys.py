"""Browser journeys (Playwright driving Debian's chromium) with screenshots as artefacts."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, running_server
from .world import PASSWORD, World


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, headless, without the sandbox a container cannot give."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    """The running platform and what was seeded into it."""
    with running_server(tmp_path_factory.mktemp("e2e")) as running:
        yield running


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in through the login form using the keyboard-reachable controls."""
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


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
    page.get_by_label("接收方所在国家或地区（两位字母代码）").fill("DE")
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
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    shot(page, "workbench-enterprise")
