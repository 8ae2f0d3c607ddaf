"""Each jurisdiction pack served end to end (contract v2 §6): `serve --jurisdiction CODE --demo`
shows that FTZ's home page, looks up and decides on that pack's lists, seeds that pack's zones
and demo organisations, takes an enterprise's report in a zone of that pack, and prints that
pack's letterhead on the documents."""

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from chujing.engine.assess import today_in_shanghai
from chujing.platform.demo import PASSWORD, demo_users, seed_demo
from chujing.platform.deps import CSRF_HEADER
from chujing.platform.migrate import upgrade
from chujing.platform.settings import Settings
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import foreign_measures, jurisdiction_lists, load_jurisdiction
from chujing.rules.packs import HOME, JURISDICTION_ENV, Pack, load_pack, pack_codes
from chujing.server import create_app

from .conftest import sign_in


@pytest.fixture(scope="module", params=pack_codes())
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Pack, Any]]:
    """One pack served on a fresh database with its demo seeded, as `serve --demo` does."""
    code: str = request.param
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(JURISDICTION_ENV, code)
        directory: Path = tmp_path_factory.mktemp(f"pack-{code}")
        url = f"sqlite:///{directory / 'web.sqlite3'}"
        upgrade(url)
        settings = Settings(database_url=url, jurisdiction=code, demo=True)
        seed_demo(settings)
        application = create_app(settings)
        yield load_pack(code), application
        application.state.database.dispose()


def _api(app: Any, username: str) -> TestClient:
    client = TestClient(app)
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers[CSRF_HEADER] = response.json()["csrf_token"]
    return client


def _officer(pack: Pack) -> str:
    """The demo login of the officer of the zone the pack's first demo processor is in."""
    first = pack.zone(pack.demo[0].zone)
    assert first is not None
    return f"{first.code}-officer"


def _browser(app: Any, username: str) -> TestClient:
    """A browser signed in through the login form."""
    client = TestClient(app)
    sign_in(client, username, PASSWORD)
    return client


def _own_entry(pack: Pack) -> tuple[NegativeList, str, str]:
    """The pack's own negative list in force (else its first list), a field of an entry of it
    and the entry's code."""
    own = [
        lst
        for lst in jurisdiction_lists(pack.code)
        if lst.ftz == pack.code and lst.kind != "general" and lst.valid_on(today_in_shanghai())
    ] or [lst for lst in jurisdiction_lists(pack.code) if lst.ftz == pack.code]
    _, entry = next(iter(own[0].entries()))
    return own[0], entry.fields[0], entry.code


def test_the_home_page_presents_that_ftz(served: tuple[Pack, Any]) -> None:
    pack, app = served
    text = TestClient(app).get("/").text
    assert pack.name in text
    assert pack.portal.subtitle in text
    assert pack.portal.basis in text
    others = [load_pack(c) for c in pack_codes() if c != pack.code]
    masthead = text.split("</header>", 1)[0]
    assert all(other.name not in masthead for other in others)


def test_lookup_finds_an_entry_of_that_packs_list(served: tuple[Pack, Any]) -> None:
    pack, app = served
    _, field, code = _own_entry(pack)
    text = TestClient(app).get("/lists", params={"field": field}).text
    assert code in text
    assert f"{pack.short_name}现行清单" in text


def test_the_quick_check_decides_under_that_pack(served: tuple[Pack, Any]) -> None:
    pack, app = served
    own, field, _ = _own_entry(pack)
    form = {
        "ftz": "registered",
        "sector": own.sector,
        "item_name": "出境数据",
        "fields": field,
        "pi": "personal",
        "persons": "1000",
        "country": "DE",
    }
    response = TestClient(app).post("/check", data=form)
    assert response.status_code == 200, response.text
    book = load_jurisdiction(pack.code)
    text = response.text.split("<main", 1)[1].split("调整后重新自查", 1)[0]
    # decided today by that pack's current list (no pack's measures have lapsed: an end date
    # not public is none, docs/jurisdictions.md) — never by another pack's measures
    assert own.title in text
    assert not any(book.citation(rule) in text for rule in pack.roles.not_in_force)
    for other in pack_codes():
        if other != pack.code:
            scope = load_jurisdiction(other).citation(load_pack(other).roles.scope)
            assert scope not in text


def test_the_demo_has_that_packs_zones_organisations_and_users(served: tuple[Pack, Any]) -> None:
    pack, app = served
    city = _api(app, "city-officer")
    zones = {z["code"]: z for z in city.get("/api/v1/zones", params={"limit": 200}).json()["items"]}
    assert set(zones) == {z.code for z in pack.zones}
    assert {z["government"] for z in zones.values()} == {z.government for z in pack.zones}
    processors = city.get("/api/v1/processors", params={"limit": 200}).json()["items"]
    assert {p["name"] for p in processors} == {o.name for o in pack.demo}
    divisions = {z.division[:4] for z in pack.zones if z.division}
    assert all(p["uscc"][2:6] in divisions for p in processors)
    for username, role, *_ in demo_users(pack):
        me = _api(app, username).get("/api/v1/auth/me").json()
        assert me["user"]["role"] == role.value


def test_an_enterprise_reports_to_a_zone_of_that_pack(served: tuple[Pack, Any]) -> None:
    pack, app = served
    fields = list(pack.demo_exports[0].fields)
    submitted = _submitted(app, pack, "冒烟测试数据出境情况", fields, date(2026, 11, 30))
    assert submitted.status_code == 200, submitted.text
    first = pack.zone(pack.demo[0].zone)
    assert first is not None
    assert submitted.json()["case_number"].startswith(f"{first.office}-BG-")
    officer = _api(app, _officer(pack))
    seen = officer.get(f"/api/v1/reports/{submitted.json()['id']}")
    assert seen.status_code == 200
    zone = officer.get(f"/api/v1/zones/{seen.json()['zone_id']}").json()
    assert zone["code"] == first.code
    assert zone["government"] == first.government


def test_documents_carry_that_packs_letterhead(served: tuple[Pack, Any]) -> None:
    pack, app = served
    clerk = _browser(app, "qiye-admin")
    reports = _api(app, "qiye-admin").get("/api/v1/reports").json()["items"]
    submitted = next(r for r in reports if r["state"] != "draft")
    response = clerk.get(f"/reports/{submitted['id']}/docx")
    assert response.status_code == 200
    word = docx.Document(io.BytesIO(response.content))
    head = word.sections[0].first_page_header.paragraphs[0].text
    assert head == pack.letterhead.head()
    body = "\n".join(p.text for p in word.paragraphs)
    first = pack.zone(pack.demo[0].zone)
    assert first is not None
    assert f"{first.government}：" in body
    if pack.roles.report is None:  # no other pack's measures cited as the basis
        others = [load_pack(c) for c in pack_codes() if c != pack.code]
        assert all(o.name not in body for o in others)


def _other_measures(pack: Pack) -> set[str]:
    """The titles of every other pack's own measures (none may be cited under `pack`)."""
    return {
        load_jurisdiction(other).instruments[measure].title
        for other in pack_codes()
        if other != pack.code
        for measure in load_pack(other).measures
    }


def _own_citation(pack: Pack, rule_id: str) -> str | None:
    """The rule's citation when the pack's own book has it under its own measures."""
    book = load_jurisdiction(pack.code)
    versions = [r for r in book.rules if r.id == rule_id]
    if not versions or versions[-1].instrument in foreign_measures(pack.code):
        return None
    return book.citation(rule_id)


def _submitted(app: Any, pack: Pack, title: str, fields: list[str], on: date, **extra: Any) -> Any:
    """Draft a report of the pack's demo export of `fields` on `on` (with `extra` keys) as
    its enterprise's administrator and submit it: the submission's response."""
    export = pack.demo_exports[0]
    admin = _api(app, "qiye-admin")
    created = admin.post(
        "/api/v1/reports",
        json={
            "title": title,
            "scenario": export.scenario,
            "scenario_name": export.scenario_name,
            "categories": [
                {"category": export.category, "name": export.category_name, "fields": fields}
            ],
            "persons": 100,
            "recipients": [{"name": export.recipient, "country": export.country}],
            "export_date": on.isoformat(),
            **extra,
        },
    )
    assert created.status_code == 201, created.text
    report = created.json()
    return admin.post(
        f"/api/v1/reports/{report['id']}/submit",
        json={
            "version": report["version"],
            "commitment": {"signed_by": "qiye-admin", "agree": True},
        },
    )


def _declared_report(app: Any, pack: Pack, item: dict[str, Any], on: date) -> Any:
    """Submit a report of the pack's demo export on `on` that declares one item."""
    fields = [pack.demo_exports[0].fields[0]]
    items = [{"name": "出境数据", "pi": "personal", "persons": 100, **item}]
    return _submitted(app, pack, "申报出境依据的报告", fields, on, items=items)


def test_an_order_notice_cites_no_other_packs_measures(served: tuple[Pack, Any]) -> None:
    pack, app = served
    officer = _api(app, _officer(pack))
    processors = officer.get("/api/v1/processors", params={"limit": 200}).json()["items"]
    target = next(p for p in processors if p["name"] == pack.demo[0].name)
    issued = officer.post(
        "/api/v1/supervision/orders",
        json={
            "processor_id": target["id"],
            "kind": "rectify",
            "reason": "出境情况报告未载明接收方",
        },
    )
    assert issued.status_code == 201, issued.text
    response = _browser(app, _officer(pack)).get(f"/orders/{issued.json()['id']}/docx")
    assert response.status_code == 200
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "依据" in body
    assert not [title for title in _other_measures(pack) if title in body]
    for rule_id in ("cq.art12", "cq.art13"):  # the home measures' basis, where the pack has it
        cited = _own_citation(pack, rule_id)
        assert (cited in body) if cited else True
    assert (_own_citation(pack, "cq.art13") is not None) == (pack.code == HOME)


def test_the_draws_page_cites_no_other_packs_measures(served: tuple[Pack, Any]) -> None:
    pack, app = served
    response = _browser(app, _officer(pack)).get("/zone/draws")
    assert response.status_code == 200, response.text
    text = response.text
    assert "检查事项清单" in text
    assert not [title for title in _other_measures(pack) if title in text]
    cited = _own_citation(pack, "cq.art12")
    assert (cited in text) if cited else (f"{pack.short_name}数据出境负面清单管理有关规定" in text)
    items = _api(app, _officer(pack)).get("/api/v1/supervision/items").json()
    assert not [t for t in _other_measures(pack) for i in items["items"] if t in i["basis"]]


def test_a_declared_item_is_checked_against_that_packs_list(served: tuple[Pack, Any]) -> None:
    pack, app = served
    own, _, code = _own_entry(pack)
    on = min(today_in_shanghai(), own.valid_until)  # a day the pack's own list is in force
    accepted = _declared_report(
        app, pack, {"basis": pack.roles.listed, "matched_entries": [code]}, on
    )
    assert accepted.status_code == 200, accepted.text
    other = next(c for c in pack_codes() if c != pack.code)
    _, _, foreign_code = _own_entry(load_pack(other))
    rejected = _declared_report(
        app, pack, {"basis": pack.roles.listed, "matched_entries": [foreign_code]}, on
    )
    assert rejected.status_code == 422, rejected.text
    assert foreign_code in rejected.text
    foreign_rule = load_pack(other).roles.unlisted  # another pack's "off the list" rule
    refused = _declared_report(app, pack, {"basis": foreign_rule}, on)
    assert refused.status_code == 422, refused.text
    assert foreign_rule in refused.text


def test_the_readings_settings_cite_that_packs_provisions(served: tuple[Pack, Any]) -> None:
    pack, app = served
    text = TestClient(app).get("/readings").text
    settings = text.split('id="settings-h"', 1)[1].split('id="rules-h"', 1)[0]
    assert not [title for title in _other_measures(pack) if title in settings]
    # the setting on other FTZs' lists rests on the pack's own rule on them
    other_lists = load_jurisdiction(pack.code).citation(pack.roles.other_lists)
    row = settings.split('id="other_ftz_lists"', 1)[1].split("</tr>", 1)[0]
    assert other_lists in row
    # and its text names the served pack, never another
    assert f"按{pack.short_name}清单同等适用" in row
    assert "{served}" not in row
    assert not [c for c in pack_codes() if c != pack.code and load_pack(c).short_name in row]


def test_the_half_year_page_names_that_packs_bureaus_and_basis(served: tuple[Pack, Any]) -> None:
    pack, app = served
    response = _browser(app, _officer(pack)).get("/zone/halfyear")
    assert response.status_code == 200, response.text
    lead = response.text.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert f"每半年向{pack.letterhead.bureaus}报告" in lead
    assert not [title for title in _other_measures(pack) if title in lead]
    cited = _own_citation(pack, pack.roles.half_yearly) if pack.roles.half_yearly else None
    assert (cited in lead) if cited else lead.startswith("每半年向")


def test_the_catalogue_is_that_packs_or_marked_as_borrowed(served: tuple[Pack, Any]) -> None:
    pack, app = served
    text = TestClient(app).get("/catalogue").text
    assert load_jurisdiction(pack.code).catalogue.title in text
    borrowed = pack.catalogue is None and pack.code != HOME
    assert ('id="borrowed-catalogue"' in text) is borrowed
    if borrowed:
        note = text.split('id="borrowed-catalogue"', 1)[1].split("</p>", 1)[0]
        assert f"{pack.short_name}未公开发布数据分类分级参考规则" in note
