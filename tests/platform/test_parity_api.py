"""What the pages show, the API offers: open incidents per processor, risk levels, the
FTZ-wide overview, a report prefilled from an assessment, list-entry editing, the merged
list versions and an enterprise's deadlines — each through the same service, so page and
route give the same actor the same result and the same refusals."""

import uuid
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import UserIn
from chujing.platform.db import Database
from chujing.platform.listcycle.models import ListVersion
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Role
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings
from chujing.rules import NegativeList, load_lists
from conftest import PASSWORD, World, token_for


def test_open_incidents_per_processor_are_scoped(client: TestClient, world: World) -> None:
    reported = client.post(
        "/api/v1/incidents",
        headers=world.auth("pu1a"),
        json={"title": "t", "occurred_at": "2026-04-01T00:00:00+08:00"},
    )
    assert reported.status_code == 201, reported.text
    mine = client.get("/api/v1/incidents/open-by-processor", headers=world.auth("zo1"))
    assert mine.status_code == 200
    assert mine.json()[str(world.p1a)] >= 1
    other = client.get("/api/v1/incidents/open-by-processor", headers=world.auth("zo2"))
    assert str(world.p1a) not in other.json()


def test_risk_levels_are_scoped(client: TestClient, world: World) -> None:
    path = f"/api/v1/supervision/processors/{world.p1a}/risk"
    body = {"level": "high", "reason": "多次违规"}
    assert client.put(path, headers=world.auth("zo1"), json=body).status_code == 200
    assert client.put(path, headers=world.auth("mo"), json=body).status_code == 403
    levels = client.get("/api/v1/supervision/processors/risk", headers=world.auth("zo1"))
    assert levels.json()[str(world.p1a)] == "high"
    other = client.get("/api/v1/supervision/processors/risk", headers=world.auth("zo2"))
    assert str(world.p1a) not in other.json()


def test_the_ftz_overview_is_for_the_coordinating_bureaus(client: TestClient, world: World) -> None:
    overview = client.get("/api/v1/zone-reports/overview", headers=world.auth("mo"))
    assert overview.status_code == 200, overview.text
    assert len(overview.json()) >= 2
    assert client.get("/api/v1/zone-reports/overview", headers=world.auth("zo1")).status_code == 403


# --- the same service behind a page and a route: same result, same scope ----------------


class _Inputs(HTMLParser):
    """name → value of every input and select of a page, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name"):
            self.values[str(found["name"])] = found.get("value") or ""
        elif tag == "select" and found.get("name"):
            self._select = str(found["name"])
        elif tag == "option" and self._select and "selected" in found:
            self.values[self._select] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _inputs(html: str) -> dict[str, str]:
    parser = _Inputs()
    parser.feed(html)
    return parser.values


def _browser(app: Any, username: str) -> TestClient:
    """A browser signed in through the login form as `username` (password PASSWORD)."""
    browser = TestClient(app)
    form = browser.get("/login").text
    token = form.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    response = browser.post(
        "/login",
        data={"username": username, "password": PASSWORD, "login_csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


def _person(
    app: Any, database: Database, settings: Settings, role: Role, **binding: int
) -> tuple[TestClient, dict[str, str]]:
    """A new user with a password: a signed-in browser and bearer headers, the same actor."""
    name = f"parity-{uuid.uuid4().hex[:10]}"
    with database.transaction() as db:
        user = accounts.create_user(
            db_session=db,
            actor=cli_principal(),
            data=UserIn(username=name, role=role, password=PASSWORD, **binding),
            settings=settings,
        )
        user_id = user.id
    return _browser(app, name), token_for(database, user_id)


def _csrf(browser: TestClient, path: str) -> str:
    return browser.get(path).text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_report_prefilled_from_an_assessment(
    app: Any, client: TestClient, world: World, database: Database, settings: Settings
) -> None:
    plan = {
        "date": "2026-03-01",
        "processor": {"name": "任意", "ftz": "registered"},
        "scenario": "ICV-AS-01",
        "persons": 1200,
        "items": [
            {"name": "车主联系信息", "category": 16, "fields": ["姓名", "手机号"], "pi": "personal"}
        ],
        "recipients": [{"name": "Example GmbH", "country": "DE"}],
    }
    run = client.post("/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": plan})
    assert run.status_code == 201, run.text
    assessment = run.json()["id"]
    browser, api = _person(app, database, settings, Role.processor_user, processor_id=world.p1a)

    prefilled = client.get(
        "/api/v1/reports/prefill", headers=api, params={"assessment_id": assessment}
    )
    assert prefilled.status_code == 200, prefilled.text
    body = prefilled.json()
    named = next(s.name for lst in load_lists() for s in lst.scenarios if s.code == "ICV-AS-01")
    assert body["scenario_name"] == named  # from the list versions naming the scenario
    assert body["title"] == f"{named}出境情况报告"
    assert body["assessment_id"] == assessment
    form = _inputs(browser.get("/reports/new", params={"assessment": assessment}).text)
    assert form["title"] == body["title"]
    assert form["scenario"] == body["scenario"] == "ICV-AS-01"
    assert form["scenario_name"] == body["scenario_name"]
    assert form["persons"] == str(body["persons"]) == "1200"
    assert form["export_date"] == body["export_date"] == "2026-03-01"
    assert form["cat_name_0"] == body["categories"][0]["name"] == "车主联系信息"
    assert form["cat_fields_0"] == "、".join(body["categories"][0]["fields"])
    assert form["rec_country_0"] == body["recipients"][0]["country"] == "DE"

    # drafted as prefilled, the report says what the assessment assessed
    created = client.post("/api/v1/reports", headers=api, json=body)
    assert created.status_code == 201, created.text
    report = created.json()["id"]
    differences = client.get(f"/api/v1/reports/{report}/differences", headers=api)
    assert differences.json() == []
    assert 'id="differences"' not in browser.get(f"/reports/{report}").text
    changed = {"version": created.json()["version"], "persons": 1300}
    assert client.patch(f"/api/v1/reports/{report}", headers=api, json=changed).status_code == 200
    differing = client.get(f"/api/v1/reports/{report}/differences", headers=api).json()
    assert [d["field"] for d in differing] == ["persons"]
    shown = browser.get(f"/reports/{report}").text.split('id="differences"')[1]
    assert differing[0]["report"] in shown.split("</section>")[0]
    zone = client.get(f"/api/v1/reports/{report}/differences", headers=world.auth("zo2"))
    assert zone.status_code == 404
    # another organisation's assessment: 404 on the API, an empty form on the page
    other, other_api = _person(app, database, settings, Role.processor_admin, processor_id=world.p2)
    refused = client.get(
        "/api/v1/reports/prefill", headers=other_api, params={"assessment_id": assessment}
    )
    assert refused.status_code == 404
    blank = _inputs(other.get("/reports/new", params={"assessment": assessment}).text)
    assert blank.get("title", "") == ""
    assert blank.get("scenario", "") == ""
    # the zone reads the assessment but drafts no reports
    zone = client.get(
        "/api/v1/reports/prefill", headers=world.auth("zo1"), params={"assessment_id": assessment}
    )
    assert zone.status_code == 403


def _draft(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    created = client.post(
        "/api/v1/lists/drafts",
        headers=headers,
        json={
            "list_id": f"cq-parity-{uuid.uuid4().hex[:6]}",
            "sector": "智能网联汽车",
            "title": "智能网联汽车负面清单（试编）",
        },
    )
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def _entries(client: TestClient, headers: dict[str, str], draft_id: int) -> dict[str, Any]:
    draft = client.get(f"/api/v1/lists/drafts/{draft_id}", headers=headers).json()
    return {e["code"]: e for s in draft["content"]["scenarios"] for e in s["entries"]}


def _entry_form(browser: TestClient, action: str, version: int, **controls: str) -> Any:
    """Post the drafting page's entry form (a personal-information entry of category 16)."""
    draft_page = action.rsplit("/entries", 1)[0]
    form = {"entry_category": "16", "entry_data_type": "personal_information"}
    form |= {"entry_fields": "姓名", **controls}
    form |= {"csrf_token": _csrf(browser, draft_page), "version": str(version)}
    return browser.post(action, data=form, follow_redirects=False)


def test_list_entries_are_edited_with_the_same_checks_and_defaults(
    app: Any, client: TestClient, world: World, database: Database, settings: Settings
) -> None:
    with database.transaction() as db:
        cac = orgs.department_by_code(db_session=db, code="cac").id
    browser, api = _person(app, database, settings, Role.municipal_officer, department_id=cac)
    draft = _draft(client, api)
    draft_id, url = draft["id"], f"/city/drafts/{draft['id']}"
    entry = {"category": 16, "data_type": "personal_information", "fields": ["姓名", "姓名"]}
    added = client.post(
        f"/api/v1/lists/drafts/{draft_id}/entries",
        headers=api,
        json={
            "version": draft["version"],
            "code": "PX-01-01",
            "scenario_code": "PX-01",
            "scenario_activity": "售后服务",
            "scenario_name": "全球售后服务",
            **entry,
        },
    )
    assert added.status_code == 201, added.text
    page = _entry_form(
        browser,
        f"{url}/entries",
        added.json()["version"],
        scenario_code="PX-01",
        entry_code="PX-01-02",
        entry_fields="姓名、姓名",
        entry_pathway="",
    )
    assert page.status_code == 303, page.text
    stored = _entries(client, api, draft_id)
    by_api, by_page = stored["PX-01-01"], stored["PX-01-02"]
    assert by_api == {**by_page, "code": "PX-01-01", "name": "PX-01-01"}
    assert by_page["name"] == "PX-01-02"  # the name defaults to the code
    assert by_page["fields"] == ["姓名"]  # each field once

    # a category the catalogue does not have is refused through both doors
    version = client.get(f"/api/v1/lists/drafts/{draft_id}", headers=api).json()["version"]
    bad = {**entry, "category": 59, "version": version}
    api_refusal = client.put(
        f"/api/v1/lists/drafts/{draft_id}/entries/PX-01-01", headers=api, json=bad
    )
    assert api_refusal.status_code == 422
    page_refusal = _entry_form(
        browser, f"{url}/entries/edit", version, entry_code="PX-01-01", entry_category="59"
    )
    assert page_refusal.status_code == 422
    assert api_refusal.json()["error"]["message"] in page_refusal.text
    # removing an entry, and a code the draft does not have
    gone = client.delete(
        f"/api/v1/lists/drafts/{draft_id}/entries/PX-01-02",
        headers=api,
        params={"version": version},
    )
    assert gone.status_code == 200, gone.text
    assert set(_entries(client, api, draft_id)) == {"PX-01-01"}
    again = client.delete(
        f"/api/v1/lists/drafts/{draft_id}/entries/PX-01-02",
        headers=api,
        params={"version": gone.json()["version"]},
    )
    assert again.status_code == 404
    # a zone comments on drafts but does not edit them
    renamed = {"version": gone.json()["version"], "title": "改名"}
    meta = f"/api/v1/lists/drafts/{draft_id}/meta"
    assert client.put(meta, headers=world.auth("zo1"), json=renamed).status_code == 403
    assert client.put(meta, headers=api, json=renamed).json()["content"]["title"] == "改名"


def _published(lst: NegativeList) -> ListVersion:
    row = ListVersion(list_id=lst.id, list_version=lst.version, content=lst.model_dump(mode="json"))
    row.sector, row.valid_from, row.valid_until = lst.sector, lst.valid_from, lst.valid_until
    return row


def test_the_merged_list_versions_are_those_the_list_page_shows(
    client: TestClient, world: World, database: Database
) -> None:
    shipped = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")
    later = shipped.model_copy(
        update={
            "version": "2099.1",
            "valid_from": date(2099, 1, 1),
            "valid_until": date(2099, 12, 31),
        }
    )
    # the shipped version's number published replaces the shipped copy; 2099.1 is new
    rows = [_published(shipped), _published(later)]
    with database.transaction() as db:
        db.add_all(rows)
    try:
        known = client.get(
            "/api/v1/lists/all-versions", headers=world.auth("zo1"), params={"list_id": shipped.id}
        )
        assert known.status_code == 200, known.text
        summary = [(v["version"], v["origin"]) for v in known.json()]
        assert summary == [("2099.1", "published"), (shipped.version, "published")]
        page = client.get(f"/lists/{shipped.id}", params={"version": "2099.1"}).text
        versions = page.split('id="versions"')[1].split("</ul>")[0]
        for version, _ in summary:
            assert version in versions
        full = client.get(
            f"/api/v1/lists/all-versions/{shipped.id}/2099.1", headers=world.auth("pu1a")
        )
        assert full.json()["valid_from"] == "2099-01-01"
        missing = f"/api/v1/lists/all-versions/{shipped.id}/1999.9"
        assert client.get(missing, headers=world.auth("pu1a")).status_code == 404
        assert client.get(f"/lists/{shipped.id}", params={"version": "1999.9"}).status_code == 404
    finally:
        with database.transaction() as db:
            for row in rows:
                db.delete(db.merge(row))
    origins = client.get(
        "/api/v1/lists/all-versions", headers=world.auth("zo1"), params={"list_id": shipped.id}
    ).json()
    assert [(v["version"], v["origin"]) for v in origins] == [(shipped.version, "shipped")]


def test_an_enterprises_deadlines_are_those_its_page_shows(
    app: Any, client: TestClient, world: World, database: Database, settings: Settings
) -> None:
    body = {"title": "接口越权调用", "occurred_at": "2026-04-01T00:00:00+08:00"}
    incident = client.post("/api/v1/incidents", headers=world.auth("pu1a"), json=body).json()
    due = (clock.today() + timedelta(days=20)).isoformat()
    ordered = client.post(
        f"/api/v1/incidents/{incident['id']}/order-rectification",
        headers=world.auth("zo1"),
        json={"version": incident["version"], "due": due},
    )
    assert ordered.status_code == 200, ordered.text

    own = client.get("/api/v1/supervision/deadlines", headers=world.auth("pa1a"))
    assert own.status_code == 200, own.text
    mine = [d for d in own.json() if d["kind"] == "incident" and d["ref_id"] == incident["id"]]
    assert mine == [
        {
            "kind": "incident",
            "ref_id": incident["id"],
            "due": due,
            "title": "事件整改：接口越权调用",
            "overdue": False,
        }
    ]
    browser = _browser(app, "pa1a")
    listed = browser.get("/enterprise").text.split('id="deadlines"')[1].split("</ul>")[0]
    for deadline in own.json():
        assert f"<strong>{deadline['due']}</strong>" in listed
        assert deadline["title"] in listed

    # the zone sees its processor's deadlines; another zone and another organisation do not
    params = {"processor_id": world.p1a}
    zone = client.get("/api/v1/supervision/deadlines", headers=world.auth("zo1"), params=params)
    assert zone.json() == own.json()
    for outsider in ("zo2", "pa2"):
        refused = client.get(
            "/api/v1/supervision/deadlines", headers=world.auth(outsider), params=params
        )
        assert refused.status_code == 404
    theirs = client.get("/api/v1/supervision/deadlines", headers=world.auth("pa2")).json()
    assert all(d["ref_id"] != incident["id"] or d["kind"] != "incident" for d in theirs)
    assert client.get("/api/v1/supervision/deadlines", headers=world.auth("sl")).status_code == 403
