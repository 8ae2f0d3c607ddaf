"""The authorisation matrix of the pages: every page route, from the application's router,
for every role, and the records of another organisation and zone.

The API's matrix is tests/platform/test_authz_matrix.py; both read the same permission
matrix (`permissions.allowed`), so pages and API cannot drift.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from chujing import web
from chujing.platform.errors import Forbidden
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm, Role, allowed
from chujing.platform.principal import Principal
from chujing.platform.records.models import Incident, ProcessingRecord
from chujing.platform.supervision import directory, sampling
from chujing.platform.supervision.models import ConflictIn, DrawIn, InspectorIn, Order, RiskIn
from chujing.web.session import Permit

from .conftest import csrf_of, form_inputs, post_form, sign_in
from .test_reports import _assess
from .world import USERS, World

NOT_PAGES = ("/api/", "/static", "/docs", "/openapi.json", "/redoc", "/healthz", "/readyz")
NOT_PAGES += ("/metrics",)
# pages anyone may open without signing in (the public side and the login form)
PUBLIC = {
    ("GET", "/"),
    ("GET", "/lists"),
    ("GET", "/lists/{list_id}"),
    ("GET", "/lists/{list_id}/xlsx"),
    ("GET", "/other-ftz"),
    ("GET", "/catalogue"),
    ("GET", "/readings"),
    ("GET", "/check"),
    ("POST", "/check"),
    ("GET", "/faq"),
    ("GET", "/results"),
    ("GET", "/login"),
    ("POST", "/login"),
}
SECRET = "甲单位专属"  # in every title of p1's records, so a leak shows in any page
USER_OF_ROLE = {role: name for name, (role, _) in USERS.items()}


def _permit(dependant: Any) -> Permit | None:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, Permit):
            return dependency.call
        found = _permit(dependency)
        if found is not None:
            return found
    return None


def _routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # a router included in another
            inner = prefix + route.include_context.prefix
            yield from _routes(route.original_router.routes, inner)


def _page_routes(app: Any) -> Iterator[tuple[str, str, Permit | None]]:
    """Every page route as (method, path, its Permit), from the application's router."""
    for path, route in _routes(app.routes):
        if not path.startswith(NOT_PAGES):
            for method in sorted(route.methods):
                yield method, path, _permit(route.dependant)


def _fill(path: str, ids: dict[str, int] | None = None) -> str:
    """The path with each {param} replaced: an owned record's id, or one that exists nowhere."""
    known = ids or {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "fmt":
            return "pdf"
        if path.startswith("/zone/halfyear") and name == "report_id":
            return "999999"
        return str(known.get(name, 999999))

    return re.sub(r"\{(\w+)\}", value, path)


def test_every_page_route_declares_its_permission(app: Any) -> None:
    routes = list(_page_routes(app))
    assert len(routes) > 80
    unguarded = {(m, p) for m, p, permit in routes if permit is None}
    assert unguarded == PUBLIC
    # a form post is never left to the handler: the one dependency checks its CSRF token
    assert all(
        permit is not None for m, p, permit in routes if m == "POST" and (m, p) not in PUBLIC
    )


@pytest.mark.parametrize("role", [r for r in Role if r in USER_OF_ROLE])
def test_page_role_matrix(app: Any, world: World, role: Role) -> None:
    client = TestClient(app)
    sign_in(client, USER_OF_ROLE[role])
    token = csrf_of(client, "/workbench")
    wrong = []
    for method, path, permit in _page_routes(app):
        if permit is None or path == "/logout":  # signing out ends the session under test
            continue
        url = _fill(path)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post(url, data={"csrf_token": token}, follow_redirects=False)
        refused = permit.perm is not None and not allowed(role, permit.perm)
        if (response.status_code == 403) != refused or response.status_code >= 500:
            wrong.append((method, path, permit.perm, response.status_code))
        if method == "POST" and response.status_code in (200, 201, 303):
            wrong.append((method, path, "a write of nothing succeeded", response.status_code))
    assert wrong == []


def test_signed_out_pages_send_to_login(app: Any) -> None:
    client = TestClient(app)
    wrong = [
        (m, p)
        for m, p, permit in _page_routes(app)
        if permit is not None
        and not client.request(m, _fill(p), follow_redirects=False)
        .headers.get("location", "")
        .startswith("/login")
    ]
    assert wrong == []


def test_a_post_without_the_session_token_is_refused(app: Any, world: World) -> None:
    client = TestClient(app)
    sign_in(client, "ent1")
    wrong = []
    for method, path, permit in _page_routes(app):
        if method == "POST" and permit is not None:
            response = client.post(_fill(path), data={"csrf_token": "x"}, follow_redirects=False)
            if response.status_code != 403:
                wrong.append((path, response.status_code))
    assert wrong == []


@pytest.fixture(scope="module")
def owned(app: Any, world: World) -> dict[str, int]:
    """One record of each kind of processor p1 in zone 1, each titled with SECRET."""
    ent = TestClient(app)
    sign_in(ent, "ent1")
    assessment = _assess(ent).rsplit("/", 1)[1]
    new = ent.get("/reports/new", params={"assessment": assessment}).text
    report = ent.post(
        "/reports/new",
        data={**form_inputs(new, "/reports/new"), "title": f"{SECRET}报告"},
        follow_redirects=False,
    )
    assert report.status_code == 303, report.text
    token = csrf_of(ent, "/enterprise/records")
    for url, data in (
        ("/enterprise/records", {"occurred_on": "2026-03-02", "activity": f"{SECRET}活动"}),
        ("/enterprise/incidents", {"title": f"{SECRET}事件", "occurred_at": "2026-03-05T09:30"}),
        ("/consultations", {"subject": f"{SECRET}咨询", "question": "问题"}),
    ):
        done = ent.post(url, data={**data, "csrf_token": token}, follow_redirects=False)
        assert done.status_code == 303, (url, done.text)
    zone = TestClient(app)
    sign_in(zone, "zone1")
    draw = post_form(zone, "/zone/draws", item="list-compliance", title=f"{SECRET}抽取")
    post_form(
        zone,
        "/zone/orders",
        "/zone/draws",
        processor_id=str(world.ids["p1"]),
        kind="rectify",
        reason=f"{SECRET}整改",
    )
    with app.state.database.transaction(write=False) as db:
        incident = db.scalar(select(Incident.id).where(Incident.title.startswith(SECRET)))
        record = db.scalar(
            select(ProcessingRecord.id).where(ProcessingRecord.activity.startswith(SECRET))
        )
        order = db.scalar(select(Order.id).where(Order.reason.startswith(SECRET)))
        inspector = next(iter(db.scalars(directory.inspectors_query(actor=_cli()))))
        assert db.get(Processor, world.ids["p1"]) is not None
    consultation = re.search(r"/consultations/(\d+)/", ent.get("/consultations").text)
    return {
        "assessment_id": int(assessment),
        "report_id": int(str(report.headers["location"]).rsplit("/", 1)[1]),
        "draw_id": int(str(draw.headers["location"]).rsplit("/", 1)[1]),
        "incident_id": int(incident or 0),
        "record_id": int(record or 0),
        "order_id": int(order or 0),
        "processor_id": world.ids["p1"],
        "inspector_id": inspector.id,
        "consultation_id": int(consultation.group(1)) if consultation else 999999,
    }


def _cli() -> Principal:
    from chujing.platform.principal import cli_principal

    return cli_principal()


@pytest.mark.parametrize("username", ["ent2", "zone2"])
def test_records_of_another_organisation_and_zone(
    app: Any, owned: dict[str, int], username: str
) -> None:
    """Reads answer 404 (403 where the role may not read the kind at all), lists leave the
    records out, and writes are refused."""
    client = TestClient(app)
    sign_in(client, username)
    token = csrf_of(client, "/workbench")
    leaks = []
    for method, path, permit in _page_routes(app):
        if permit is None or path == "/logout":
            continue
        names = set(re.findall(r"\{(\w+)\}", path))
        if path.startswith("/zone/inspectors/") and username == "zone2":
            names.discard("inspector_id")  # zone1's inspector: zone2's officer is refused below
        url = _fill(path, owned)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
            ok = response.status_code in (403, 404) if names & owned.keys() else True
        else:
            response = client.post(url, data={"csrf_token": token}, follow_redirects=False)
            ok = response.status_code in (403, 404, 422) or not names & owned.keys()
        if not ok or response.status_code >= 500 or SECRET in response.text:
            leaks.append((method, url, response.status_code))
    assert leaks == []


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("ent1", "/assessments/{assessment_id}"),
        ("ent1", "/reports/{report_id}"),
        ("ent1", "/reports/{report_id}/pdf"),
        ("ent1", "/orders/{order_id}/{fmt}"),
        ("zone1", "/reports/{report_id}"),
        ("zone1", "/zone/draws/{draw_id}"),
        ("city", "/reports/{report_id}"),
    ],
)
def test_the_owner_and_its_supervisors_see_them(
    app: Any, owned: dict[str, int], username: str, path: str
) -> None:
    """The ids above are real: who may see the records does."""
    client = TestClient(app)
    sign_in(client, username)
    assert client.get(_fill(path, owned)).status_code == 200


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/zone/risk/{processor_id}", {"level": "high", "reason": "多次违规"}),
        ("/zone/inspectors", {"code": "insp-city", "name": "检查员", "department": "cac"}),
        ("/zone/draws", {"item": "list-compliance", "title": "市级抽取"}),
        ("/zone/inspectors/{inspector_id}/conflicts", {"processor_id": "1", "reason": "亲属"}),
    ],
)
def test_municipal_officers_do_not_act_for_zones_through_pages(
    client: TestClient, owned: dict[str, int], path: str, data: dict[str, str]
) -> None:
    """Setting a risk level, adding an inspector, committing a draw, declaring a conflict:
    reserved to zone officers (supervision.manage), refused to the city as by the API."""
    sign_in(client, "city")
    token = csrf_of(client, "/workbench")
    response = client.post(_fill(path, owned), data={**data, "csrf_token": token})
    assert response.status_code == 403


def test_the_services_refuse_the_municipal_officer_themselves(
    app: Any, owned: dict[str, int]
) -> None:
    """Not only the pages: the services check the same permission for any caller."""
    city = Principal(user_id=None, username="c", role=Role.municipal_officer, city_wide=True)
    assert not allowed(Role.municipal_officer, Perm.supervision_manage)
    calls = [
        lambda db: directory.set_risk(
            db_session=db,
            actor=city,
            processor_id=owned["processor_id"],
            data=RiskIn(level="high", reason="r"),
        ),
        lambda db: directory.add_inspector(
            db_session=db, actor=city, data=InspectorIn(code="c1", name="n", department="cac")
        ),
        lambda db: sampling.commit(
            db_session=db, actor=city, data=DrawIn(item="list-compliance", title="t")
        ),
        lambda db: directory.declare_conflict(
            db_session=db,
            actor=city,
            inspector_id=owned["inspector_id"],
            data=ConflictIn(processor_id=owned["processor_id"], reason="r"),
        ),
    ]
    for call in calls:
        with pytest.raises(Forbidden), app.state.database.transaction() as db:
            call(db)


TEMPLATES = Path(web.__file__).parent / "templates"


def test_templates_ask_permissions_not_roles() -> None:
    """What a page offers follows the permission matrix (`user.may`), never a role name."""
    asking = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"user\.role\s*(==|!=|in\b)", line)
    ]
    assert asking == []


@pytest.mark.parametrize("role", [r for r in Role if r in USER_OF_ROLE])
def test_the_workbench_links_only_to_pages_the_role_may_open(
    app: Any, world: World, role: Role
) -> None:
    client = TestClient(app)
    sign_in(client, USER_OF_ROLE[role])
    guarded = {path: permit for method, path, permit in _page_routes(app) if method == "GET"}
    links = re.findall(r'<a href="(/[^"#?]*)"', client.get("/workbench").text)
    pages = [link for link in dict.fromkeys(links) if link in guarded]
    assert len(pages) >= 3  # the role's own pages, and the public lists and quick check
    refused = [
        link
        for link in pages
        if (permit := guarded[link]) is not None
        and permit.perm is not None
        and not allowed(role, permit.perm)
    ]
    assert refused == []
    for link in pages:
        assert client.get(link, follow_redirects=False).status_code == 200, link
