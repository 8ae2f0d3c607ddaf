"""Administration pages: users, zones, and the audit log with its verification status."""

from fastapi.testclient import TestClient
from sqlalchemy import text, update

from chujing.platform.audit.models import AuditEntry

from . import refusals
from .conftest import csrf_of, post_form, sign_in
from .world import PASSWORD, World


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
    assert "<td>登录</td>" in page
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
    weak = post_form(
        client, "/admin/users", status=422, username="newexpert", role="expert", password="short"
    )
    assert "密码" in weak.text
    post_form(
        client,
        "/admin/users",
        username="newexpert",
        display_name="新专家",
        role="expert",
        password="Expert-Passw0rd!",
    )
    assert "新专家" in client.get("/admin/users", params={"role": "expert"}).text
    assert "两江板块" in client.get("/admin/zones").text
    roles = client.get("/admin/roles").text
    audit_row = roles.split(">查看审计日志</th>")[1].split("</tr>")[0]
    assert audit_row.count("✓") == 1  # only the auditor reads the audit log


def _user_id(client: TestClient, username: str) -> int:
    page = client.get("/admin/users").text
    row = page.split(f"<td>{username}</td>", 1)[0].rsplit('<tr id="user-', 1)[1]
    return int(row.split('"', 1)[0])


def _form(client: TestClient, path: str) -> dict[str, str]:
    from .conftest import form_inputs

    return form_inputs(client.get(path).text, path)


def test_admin_edits_a_user_with_a_notice(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    uid = _user_id(client, "expert")
    page = client.get(f"/admin/users/{uid}").text
    assert "专家" in page
    assert "修改信息" in page
    saved = client.post(
        f"/admin/users/{uid}",
        data={**_form(client, f"/admin/users/{uid}"), "display_name": "王专家"},
    )
    assert saved.status_code == 200
    assert 'id="flash">已保存用户信息。' in saved.text
    assert "王专家" in client.get("/admin/users").text
    # a stale version is refused in Chinese, in the error summary that takes the focus
    stale = post_form(
        client, f"/admin/users/{uid}", "/workbench", status=422, version="1", display_name="李专家"
    )
    summary = refusals.summary(stale.text)
    assert 'href="#display_name"' in summary
    assert "请刷新后重试" in summary


def test_admin_disables_and_enables_a_user(client: TestClient, world: World) -> None:
    user = TestClient(client.app)
    sign_in(user, "police1")
    assert user.get("/workbench").status_code == 200
    sign_in(client, "admin1")
    uid = _user_id(client, "police1")
    path = f"/admin/users/{uid}"
    done = client.post(f"{path}/active", data=form_inputs_of(client, path, f"{path}/active"))
    assert "已停用该用户" in done.text
    assert "已停用" in done.text.split('id="user-state">', 1)[1]
    # its session ended and it cannot sign in again
    assert user.get("/workbench", follow_redirects=False).status_code == 303
    again = user.get("/login").text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    refused = user.post(
        "/login",
        data={"username": "police1", "password": PASSWORD, "login_csrf": again},
        follow_redirects=False,
    )
    assert refused.status_code != 303
    done = client.post(f"{path}/active", data=form_inputs_of(client, path, f"{path}/active"))
    assert "已重新启用该用户" in done.text
    sign_in(user, "police1")


def test_admin_cannot_disable_itself(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    uid = _user_id(client, "admin1")
    path = f"/admin/users/{uid}"
    refused = client.post(f"{path}/active", data=form_inputs_of(client, path, f"{path}/active"))
    assert refused.status_code == 422
    assert "不能停用自己的账户" in refused.text
    assert 'href="#active"' in refused.text


def test_admin_resets_a_password(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    uid = _user_id(client, "ent2")
    path = f"/admin/users/{uid}"
    data = form_inputs_of(client, path, f"{path}/password")
    weak = client.post(f"{path}/password", data={**data, "new_password": "short"})
    assert weak.status_code == 422
    assert 'href="#new_password"' in weak.text
    assert "密码" in weak.text
    new = "Reset-Passw0rd!x"
    done = client.post(f"{path}/password", data={**data, "new_password": new})
    assert 'id="flash">已重置密码' in done.text
    other = TestClient(client.app)
    sign_in(other, "ent2", new)


def test_enterprise_admin_manages_only_its_own_users(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    page = client.get("/admin/users").text
    assert "clerk1" in page
    assert "ent2" not in page
    assert 'name="zone_id"' not in page
    assert 'name="department_id"' not in page
    assert client.get(f"/admin/users/{world.ids['ent2']}").status_code == 404
    token = csrf_of(client, "/admin/users")
    refused = client.post(
        f"/admin/users/{world.ids['ent2']}/active",
        data={"csrf_token": token, "version": "1", "active": "0"},
    )
    assert refused.status_code == 422 or refused.status_code == 404
    sign_in(client, "zone1")
    assert client.get(f"/admin/users/{world.ids['clerk1']}").status_code == 403


def test_new_users_are_bound_by_name(client: TestClient, world: World) -> None:
    sign_in(client, "admin1")
    page = client.get("/admin/users").text
    assert "两江" in page.split('id="u-zone"', 1)[1].split("</select>", 1)[0]
    assert "自贸板块编号" not in page
    assert "数据处理者编号" not in page
    missing = post_form(
        client,
        "/admin/users",
        status=422,
        username="zone9",
        role="zone_officer",
        password="Zone-Passw0rd!x9",
    )
    summary = refusals.summary(missing.text)
    assert 'href="#u-zone"' in summary
    assert "自贸板块工作人员须指定所属自贸板块" in summary
    assert "zone_officer" not in summary
    assert "zone_id" not in summary
    added = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client, "/admin/users"),
            "username": "zone9",
            "role": "zone_officer",
            "zone_id": str(world.ids["zone1"]),
            "processor_id": str(world.ids["p1"]),  # another role's picker: ignored
            "password": "Zone-Passw0rd!x9",
        },
    )
    assert "已新增用户。" in added.text


def test_audit_log_is_filtered_by_action_names(client: TestClient, world: World) -> None:
    sign_in(client, "audit1")
    page = client.get("/admin/audit").text
    picker = page.split('id="a-action"', 1)[1].split("</select>", 1)[0]
    assert '<option value="user.create">新增用户</option>' in picker
    assert "如 report.submit" not in page
    rows = client.get("/admin/audit", params={"action": "user.create"}).text
    body = rows.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "<td>新增用户</td>" in body
    assert "<td>登录</td>" not in body
    assert "user.create" not in body
    assert "命令行" in body


def form_inputs_of(client: TestClient, page: str, action: str) -> dict[str, str]:
    """The prefilled inputs of the form on `page` posting to `action`."""
    from .conftest import form_inputs

    return form_inputs(client.get(page).text, action)


def test_the_user_page_is_accessible(client: TestClient, world: World) -> None:
    from .test_accessibility import _audit

    sign_in(client, "admin1")
    page = _audit(client.get(f"/admin/users/{world.ids['clerk1']}").text)
    assert page.h1 == 1
    unlabelled = [
        c
        for c in page.controls
        if not (c.get("aria-label") or c["_wrapped"] or c.get("id") in page.label_for)
    ]
    assert unlabelled == []


# last: it breaks this module's audit chain on purpose
def test_audit_log_shows_verification_and_detects_tampering(
    client: TestClient, world: World
) -> None:
    sign_in(client, "audit1")
    page = client.get("/admin/audit").text
    assert 'id="audit-status">哈希链校验通过' in page
    assert "<td>登录</td>" in page
    database = client.app.state.database  # type: ignore[attr-defined]
    with database.transaction() as db:  # an intruder with direct access to the database file
        db.execute(text("DROP TRIGGER audit_log_no_update"))
        db.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="someone-else"))
    page = client.get("/admin/audit").text
    assert 'id="audit-status">哈希链校验未通过：第 2 条' in page


def test_a_username_the_model_refuses_shows_the_add_form_again(
    client: TestClient, world: World
) -> None:
    sign_in(client, "admin1")
    typed = {"username": "新 用户", "display_name": "新专家", "role": "expert"}
    refused = post_form(client, "/admin/users", status=422, **typed, password="Secret-1x!")
    summary = refusals.summary(refused.text)
    assert 'href="#u-name"' in summary
    assert "用户名：格式不正确" in summary
    assert 'value="新专家"' in refused.text  # typed in again
    assert "Secret-1x!" not in refused.text  # but never the password
