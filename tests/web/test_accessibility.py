"""Every page: Chinese language, one h1, and every form control labelled."""

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from . import conftest
from .browser import axe_source, axe_violations, sign_in
from .world import World

PAGES = {
    None: [
        "/",
        "/lists?field=手机号",
        "/lists/cq-ftz-icv",
        "/catalogue",
        "/other-ftz",
        "/check",
        "/results",
        "/faq",
        "/login",
    ],
    "ent1": [
        "/enterprise",
        "/enterprise/assess",
        "/enterprise/assess?scenario=ICV-AS-01",
        "/reports/new",
        "/enterprise/records",
        "/enterprise/inbox",
        "/enterprise/surveys",
        "/consultations",
        "/inbox",
        "/cases",
    ],
    "zone1": [
        "/zone",
        "/zone/draws",
        "/zone/inspectors",
        "/zone/inspections",
        "/zone/incidents",
        "/zone/risk",
        "/zone/halfyear",
        "/cases",
        "/cases?number=LJ",
        "/cases/changes",
    ],
    "city": ["/city", "/city/overview", "/city/catalogue", "/referrals"],
    "audit1": ["/admin/audit"],
    "admin1": ["/admin/users", "/admin/zones", "/admin/roles"],
}
CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.inside_label = 0
        self.svgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.inside_label += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag in CONTROLS and found.get("type") not in UNLABELLED_TYPES:
            self.controls.append({**found, "_wrapped": "yes" if self.inside_label else None})
        elif tag == "svg":
            self.svgs.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.inside_label -= 1


def _audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    ("who", "path"), [(who, path) for who, paths in PAGES.items() for path in paths]
)
def test_page_is_accessible(client: TestClient, world: World, who: str | None, path: str) -> None:
    if who:
        conftest.sign_in(client, who)
    response = client.get(path)
    assert response.status_code == 200, path
    page = _audit(response.text)
    assert page.lang == "zh-CN"
    assert page.h1 == 1
    unlabelled = [
        c
        for c in page.controls
        if not (c.get("aria-label") or c["_wrapped"] or c.get("id") in page.label_for)
    ]
    assert not unlabelled, unlabelled
    for svg in page.svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby")


# -- axe-core in Chromium: every page of the walk, and the pages reachable from them ------

SKIP_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".json", ".zip", ".yaml", ".png", ".svg")
SKIP_PREFIXES = ("/logout", "/static", "/api", "/docs", "/openapi", "/metrics", "/health")
# the listed pages, and where the walk starts for the roles they do not list
WALK = {**PAGES, "clerk1": ["/enterprise"], "expert": ["/city"], "police1": ["/referrals"]}
CRAWL_LIMIT = 30  # distinct page shapes per user beyond the listed pages
LINKS = "[...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))"


def _shape(path: str) -> str:
    """A page's shape: ids replaced, so /reports/3 and /reports/7 are checked once."""
    return re.sub(r"\d+", "N", path.split("#", 1)[0].split("?", 1)[0])


def _walkable(href: str) -> bool:
    bare = href.split("#", 1)[0].split("?", 1)[0]
    return bool(bare) and not bare.endswith(SKIP_SUFFIXES) and not bare.startswith(SKIP_PREFIXES)


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's bundle, installed from the npm registry on first use."""
    return axe_source()


@pytest.mark.parametrize("who", list(WALK))
def test_axe_finds_no_violation(
    browser: Browser, server: tuple[str, World], axe: str, who: str | None
) -> None:
    """axe-core's default rules (WCAG 2 A/AA and best practices) on the user's pages and on
    every page shape their links reach, at 1366×768; any violation fails."""
    base, _ = server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        if who:
            sign_in(page, base, who)
        queue = list(WALK[who])
        seen = {_shape(p) for p in queue}
        crawled = 0
        failures: dict[str, list[dict[str, Any]]] = {}
        checked: list[str] = []
        while queue:
            path = queue.pop(0)
            probe = page.request.get(base + path, max_redirects=0)  # downloads are no pages
            if "text/html" not in probe.headers.get("content-type", ""):
                continue
            page.goto(base + path)
            checked.append(path)
            found = axe_violations(page, axe)
            if found:
                failures[path] = found
            for href in page.evaluate(LINKS):
                shape = _shape(href)
                if _walkable(href) and shape not in seen and crawled < CRAWL_LIMIT:
                    seen.add(shape)
                    queue.append(href)
                    crawled += 1
        assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)
        assert len(checked) >= len(WALK[who]), checked
        print(who, len(checked), "pages:", " ".join(checked))
    finally:
        context.close()


def test_axe_reports_what_it_finds(browser: Browser, axe: str) -> None:
    """The walk could fail: an image without text and an unlabelled field are violations."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="zh-CN"><head><title>t</title></head><body><main><h1>t</h1>'
            '<img src="data:,"><input type="text"></main></body></html>'
        )
        found = {v["id"] for v in axe_violations(page, axe)}
    finally:
        page.close()
    assert {"image-alt", "label"} <= found, found
