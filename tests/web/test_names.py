"""Names, not codes, for people: every page of every role, in a world with records of each
kind, shows no code of a detector kind, zone, permission, role, audit action or state as
visible text; every path a user can reach answers an HTML page in Chinese; pickers offer
names (countries in Chinese); a refused form focuses an error summary linking to its fields.
"""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chujing.platform.audit.models import AuditEntry
from chujing.platform.cases.models import CaseKind
from chujing.platform.consultations.models import ConsultationState
from chujing.platform.demo import PASSWORD as DEMO_PASSWORD
from chujing.platform.demo import USERS as DEMO_USERS
from chujing.platform.demo import seed_demo
from chujing.platform.listcycle.models import Stage, VersionState
from chujing.platform.orgs.models import Zone
from chujing.platform.permissions import Perm, Role
from chujing.platform.records.models import IncidentState
from chujing.platform.reports.models import ReportState
from chujing.platform.settings import Settings
from chujing.platform.supervision.items import inspection_items
from chujing.platform.supervision.models import (
    InspectionState,
    Inspector,
    OrderKind,
    OrderState,
    ResultCode,
)
from chujing.platform.zonereports.models import ZoneReportState
from chujing.rules import load_rules
from chujing.scan.detectors import load_catalogue
from chujing.web import names

from .conftest import csrf_of, sign_in
from .test_page_matrix import USER_OF_ROLE, _fill, _page_routes, owned
from .world import USERS, World

__all__ = ["owned"]  # the records of p1 the walk fills paths with (test_page_matrix)

# attributes a person reads or hears (a screen reader speaks labels and titles)
SPOKEN = ("title", "placeholder", "aria-label", "alt", "label")
# where a code is a person's own identifier: the inspectors' directory lists their numbers
ALLOWED = {("inspector", "/zone/inspectors")}
NOT_HTML = ("pdf", "docx", "xlsx", "json", "zip", "csv", "octet-stream")


class _Visible(HTMLParser):
    """The text of a page as a person perceives it (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts.extend(v for k, v in attrs if k in SPOKEN and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    """The page's visible and spoken text, one part a line."""
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def _codes(app: Any) -> dict[str, str]:
    """Every code a person must not see → what kind of code it is."""
    codes: dict[str, str] = {}
    for kind in load_catalogue().labels:
        codes[kind] = "detector kind"
    for group, values in (
        ("permission", list(Perm)),
        ("role", list(Role)),
        ("report state", list(ReportState)),
        ("list stage", list(Stage)),
        ("list version state", list(VersionState)),
        ("incident state", list(IncidentState)),
        ("inspection state", list(InspectionState)),
        ("order state", list(OrderState)),
        ("order kind", list(OrderKind)),
        ("zone report state", list(ZoneReportState)),
        ("consultation state", list(ConsultationState)),
        ("inspection result", list(ResultCode)),
        ("case kind", list(CaseKind)),
    ):
        codes.update({str(v.value): group for v in values})
    with app.state.database.transaction(write=False) as db:
        codes.update(dict.fromkeys(db.scalars(select(Zone.code)), "zone"))
        actions = set(db.scalars(select(AuditEntry.action).distinct()))
    codes.update(dict.fromkeys(actions | set(names.ACTION_NAMES), "audit action"))
    # the world's usernames are names people chose (the expert signs in as `expert`)
    codes.update({i.code: "inspection item" for i in inspection_items().items})
    codes.update(dict.fromkeys(load_rules().sensitive_kinds, "sensitive kind"))
    codes.update(dict.fromkeys(("low", "medium", "high"), "risk level"))
    with app.state.database.transaction(write=False) as db:  # shown on the directory only
        codes.update(dict.fromkeys(db.scalars(select(Inspector.code)), "inspector"))
    people = set(USERS) | {u for u, *_ in DEMO_USERS}
    return {code: kind for code, kind in codes.items() if code not in people}


def _pattern(codes: dict[str, str]) -> re.Pattern[str]:
    words = sorted(codes, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    # a code standing alone: not part of a longer word, path, address or identifier
    return re.compile(rf"(?<![A-Za-z0-9_./@:#-])(?:{alternatives})(?![A-Za-z0-9_/@-]|\.[A-Za-z])")


def _is_html(response: Any) -> bool:
    kind = response.headers.get("content-type", "")
    return kind.startswith("text/html") and not any(k in kind for k in NOT_HTML)


@pytest.fixture(scope="module")
def busy(app: Any, world: World, owned: dict[str, int]) -> dict[str, int]:
    """The module's world with records of each kind (through test_page_matrix.owned)."""
    return owned


def test_the_pattern_finds_codes_standing_alone() -> None:
    pattern = _pattern({"report.submit": "", "draft": "", "liangjiang": "", "vin": ""})
    found = pattern.findall("操作 report.submit；状态 draft；板块 liangjiang（vin）")
    assert found == ["report.submit", "draft", "liangjiang", "vin"]
    assert pattern.findall("/zone/liangjiang draft.html drafts vin-1 a@draft.cn") == []


_HREF = re.compile(r'href="(/[^"#]*)')
_SKIP = ("/static", "/api/", "/logout", "/docs", "/openapi", "/metrics", "/healthz")
# pages a crawl opens per shape of address (/reports/12 and /reports/13 are one shape)
PER_SHAPE = 3
CRAWL_LIMIT = 250


def _urls(app: Any, ids: dict[str, int]) -> list[tuple[str, str]]:
    """Every GET page route, its parameters filled: (route, url)."""
    return [
        (path, _fill(path, ids))
        for method, path, _ in _page_routes(app)
        if method == "GET" and path != "/logout" and "/status" not in path
    ]


def _walk(app: Any, client: TestClient, ids: dict[str, int]) -> None:
    """GET every page route, then every page linked from the pages seen (the records of
    the world, whatever their ids), and assert that none shows a code."""
    codes = _codes(app)
    pattern = _pattern(codes)
    shown: list[tuple[str, str, str]] = []
    queue = [*_urls(app, ids), ("", "/workbench")]
    seen = {url for _, url in queue}
    shapes: dict[str, int] = {}
    walked = 0
    while queue and walked < CRAWL_LIMIT:
        route, url = queue.pop(0)
        response = client.get(url, follow_redirects=True)
        if response.status_code >= 500:
            shown.append((url, "server error", str(response.status_code)))
        if not _is_html(response):
            continue
        walked += 1
        text = visible(response.text)
        for match in pattern.finditer(text):
            if (codes[match.group(0)], route or url.split("?")[0]) in ALLOWED:
                continue
            line = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            shown.append((url, match.group(0), line))
        for link in _HREF.findall(response.text):
            link = link.replace("&amp;", "&")
            if (
                link in seen
                or link.startswith(_SKIP)
                or re.search(r"\.(pdf|docx|xlsx|json)\b", link)
            ):
                continue
            shape = re.sub(r"\d+", "N", link.split("?")[0])
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(link)
            queue.append(("", link))
    assert walked > 30
    assert shown == []


@pytest.mark.parametrize("role", [r for r in Role if r in USER_OF_ROLE])
def test_no_page_shows_a_code(app: Any, busy: dict[str, int], role: Role) -> None:
    client = TestClient(app)
    sign_in(client, USER_OF_ROLE[role])
    _walk(app, client, busy)


@pytest.fixture(scope="module")
def demo(app: Any, busy: dict[str, int], settings: Settings) -> dict[str, int]:
    """The demonstration FTZ seeded beside the test world (reports in every state, an
    inspection with findings, draws, orders, list drafts)."""
    seed_demo(settings)
    return busy


@pytest.mark.parametrize("username", [u for u, *_ in DEMO_USERS])
def test_no_demo_page_shows_a_code(app: Any, demo: dict[str, int], username: str) -> None:
    client = TestClient(app)
    sign_in(client, username, DEMO_PASSWORD)
    _walk(app, client, demo)


def test_every_path_answers_a_chinese_page(app: Any, world: World) -> None:
    """GET on a path that only accepts POST, an unknown path, an id that cannot exist:
    an HTML page in Chinese with its status, never JSON."""
    client = TestClient(app)
    sign_in(client, "city")
    posts = {p for m, p, _ in _page_routes(app) if m == "POST"}
    gets = {p for m, p, _ in _page_routes(app) if m == "GET"}
    wrong = []
    for path in [*sorted(posts - gets), "/no/such/page", "/reports/abc", "/city/bulletins"]:
        response = client.get(_fill(path), follow_redirects=True)
        chinese = re.search(r"[\u4e00-\u9fff]", visible(response.text))
        if not _is_html(response) or not chinese or response.status_code == 200:
            wrong.append((path, response.status_code, response.headers.get("content-type")))
    assert wrong == []
    refused = client.get("/city/bulletins")
    if refused.status_code == 405:
        assert "此地址不接受这种请求方式" in refused.text


def test_the_country_picker_names_countries_in_chinese(client: TestClient) -> None:
    page = client.get("/check").text
    picker = page.split('id="country"', 1)[1].split("</select>", 1)[0]
    assert '<option value="DE">德国</option>' in picker
    assert '<option value="HK">中国香港</option>' in picker
    assert '<option value="TW">中国台湾</option>' in picker
    assert 'value="CN"' not in picker  # a recipient abroad
    assert len(re.findall(r"<option value=\"[A-Z]{2}\"", picker)) >= 240
    assert "两位字母代码" not in page
    assert names.country_name("jp") == "日本"
    assert names.country_name("XX") == "XX"


def test_a_refused_form_focuses_an_error_summary_linking_to_its_fields(
    client: TestClient,
) -> None:
    response = client.post("/check", data={"persons": "很多", "date": "2026-03-01"})
    assert response.status_code in (200, 422)
    head = response.text.split('id="error-summary"', 1)
    assert len(head) == 2, "no error summary"
    summary = head[1].split("</div>", 1)[0]
    assert 'tabindex="-1"' in head[0][-200:] + summary[:200]
    assert "autofocus" in head[0][-200:] + summary[:200]
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert links
    for target, text in links:
        assert f'id="{target}"' in response.text, target  # each item leads to its field
        assert "：" in text or target not in names.FIELD_LABELS
    assert ("persons", "本次涉及个人信息人数：请填写不小于 0 的整数") in links
    # the summary comes before the form
    assert response.text.index('id="error-summary"') < response.text.index('id="persons"')


def test_the_audit_log_names_actions_roles_and_records(client: TestClient, world: World) -> None:
    sign_in(client, "audit1")
    text = visible(client.get("/admin/audit").text)
    assert "登录" in text
    assert "安全审计员" in text
    for code in ("auth.login", "user.create", "export_report"):
        assert code not in text


def test_every_recorded_action_has_a_name(app: Any, busy: dict[str, int]) -> None:
    with app.state.database.transaction(write=False) as db:
        actions = set(db.scalars(select(AuditEntry.action).distinct()))
        entities = set(db.scalars(select(AuditEntry.entity).distinct()))
    assert actions - set(names.ACTION_NAMES) == set()
    assert entities - set(names.ENTITY_NAMES) == set()


def test_every_permission_has_a_name() -> None:
    assert set(names.PERM_NAMES) == set(Perm)
    assert len(set(names.PERM_NAMES.values())) == len(Perm)


def test_the_scan_result_names_the_id_number_setting() -> None:
    setting = names.id_number_setting()
    assert setting["title"] == "身份证件号码是否作为敏感个人信息"
    standard = "GB/T 35273-2020" if setting["sensitive"] else "GB/T 45574-2025"
    assert standard in setting["words"]
    assert names.kind_name("cn_resident_id") == "居民身份证号"


def test_csrf_is_not_needed_to_read(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    assert csrf_of(client, "/admin/users")


def test_a_bug_answers_a_chinese_page_and_the_api_keeps_json(settings: Settings) -> None:
    from chujing.server import create_app

    application = create_app(settings)

    def boom() -> None:
        raise RuntimeError("a bug")

    application.add_api_route("/boom", boom)
    application.add_api_route("/api/v1/boom", boom)
    client = TestClient(application, raise_server_exceptions=False)
    page = client.get("/boom")
    assert page.status_code == 500
    assert _is_html(page)
    assert "服务器内部错误" in visible(page.text)
    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    assert api.json()["error"]["code"] == "internal"
    application.state.database.dispose()


def test_a_field_without_a_name_is_not_shown_as_its_key() -> None:
    from chujing.web.actions import validation_message

    message, field = validation_message([{"loc": ("body", "frobnicate"), "type": "missing"}])
    assert message == "所填内容：不能为空"
    assert field == "frobnicate"
    assert validation_message([{"loc": ("rec_country_1",), "type": "x"}])[0] == (
        "接收方 2 国家或地区：填写有误"
    )


def test_a_survey_answer_takes_its_countries_from_the_pickers() -> None:
    from chujing.web.surveys import answer_data

    data = answer_data({"activity": "售后", "country_0": "DE", "country_1": "", "country_2": "jp"})
    assert data["scenarios"][0]["recipient_countries"] == ["DE", "JP"]
