"""Administration pages: users, zones, and the audit log with its verification status."""

from fastapi.testclient import TestClient
from sqlalchemy import text, update

from chujing.platform.audit.models import AuditEntry

from .conftest import csrf_of, sign_in
from .world import World


def test_paging_links_keep_the_filters() -> None:
    from chujing.web.paging import Paging

    first = Paging(offset=0, limit=100, total=250)
    assert (first.first, first.last) == (1, 100)
    assert first.previous({"actor": "zone1"}) is None
    assert first.next({"actor": "zone1", "action": ""}) == "?actor=zone1&offset=100"
    last = Paging(offset=200, limit=100, total=250)
    assert last.last == 250
    assert last.next({}) is None
    assert last.previous({}) == "?offset=100"
    assert Paging(offset=0, limit=100, total=0).first == 0


def test_audit_log_pages(client: TestClient, world: World) -> None:
    sign_in(client, "audit1")
    page = client.get("/admin/audit", params={"actor": "audit1"}).text
    assert "第 1–" in page
    assert "auth.login" in page
    assert "zone1" not in page.split("<tbody>")[1]  # the filter applies


def test_only_auditors_read_the_audit_log(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    assert client.get("/admin/audit").status_code == 403
    sign_in(client, "zone1")
    assert client.get("/admin/users").status_code == 403


def test_admin_lists_and_adds_users(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    page = client.get("/admin/users").text
    assert "zone1" in page
    assert "自贸板块工作人员" in page
    weak = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client, "/admin/users"),
            "username": "newexpert",
            "role": "expert",
            "password": "short",
        },
    )
    assert weak.status_code == 422
    assert "密码" in weak.text
    added = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client, "/admin/users"),
            "username": "newexpert",
            "display_name": "新专家",
            "role": "expert",
            "password": "Expert-Passw0rd!",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert "新专家" in client.get("/admin/users", params={"role": "expert"}).text
    assert "两江板块" in client.get("/admin/zones").text
    roles = client.get("/admin/roles").text
    audit_row = roles.split("<code>audit.read</code>")[1].split("</tr>")[0]
    assert audit_row.count("✓") == 1  # only the auditor reads the audit log


# last: it breaks this module's audit chain on purpose
def test_audit_log_shows_verification_and_detects_tampering(
    client: TestClient, world: World
) -> None:
    sign_in(client, "audit1")
    page = client.get("/admin/audit").text
    assert 'id="audit-status">哈希链校验通过' in page
    assert "auth.login" in page
    database = client.app.state.database  # type: ignore[attr-defined]
    with database.transaction() as db:  # an intruder with direct access to the database file
        db.execute(text("DROP TRIGGER audit_log_no_update"))
        db.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="someone-else"))
    page = client.get("/admin/audit").text
    assert 'id="audit-status">哈希链校验未通过：第 2 条' in page
