"""The one way a page reads a form (`web.forms.form`): CSRF refused on every unsafe page
route before anything is read, the API's model validating the fields, and a refused field
answered in Chinese naming it — never a traceback."""

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.datastructures import FormData, UploadFile

from chujing.platform.permissions import allowed
from chujing.platform.records.models import RecordIn
from chujing.platform.supervision.models import RiskIn
from chujing.web.actions import validation_message
from chujing.web.forms import FormPage, Refusal, form_values, parse, split_list, typed_values

from .conftest import csrf_of, sign_in
from .test_page_matrix import _fill, _page_routes
from .world import USERS, World

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_MESSAGE = "表单校验失败（CSRF）"


def _user_for(perm: Any) -> str:
    """A user whose role holds `perm` (any user when None)."""
    for name, (role, _) in USERS.items():
        if perm is None or allowed(role, perm):
            return name
    raise AssertionError(f"no seeded user holds {perm}")


def test_every_unsafe_page_route_refuses_a_form_without_the_session_token(
    app: Any, world: World
) -> None:
    clients: dict[str, TestClient] = {}
    checked, wrong = 0, []
    for method, path, permit in _page_routes(app):
        if method not in UNSAFE or permit is None:
            continue
        name = _user_for(permit.perm)
        if name not in clients:
            clients[name] = TestClient(app)
            sign_in(clients[name], name)
        for data in ({}, {"csrf_token": "forged"}):
            response = clients[name].request(
                method, _fill(path, world.ids), data=data, follow_redirects=False
            )
            if response.status_code != 403 or CSRF_MESSAGE not in response.text:
                wrong.append((method, path, name, data, response.status_code))
        checked += 1
    assert checked > 40
    assert wrong == []


def test_the_unsafe_routes_without_a_session_are_the_anonymous_forms(app: Any) -> None:
    # the login form carries its own token (a cookie-bound one); the self-check stores nothing
    anonymous = {(m, p) for m, p, permit in _page_routes(app) if m in UNSAFE and permit is None}
    assert anonymous == {("POST", "/login"), ("POST", "/check")}


def test_a_refused_field_is_named_in_chinese_without_a_traceback(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    token = csrf_of(client, "/zone/risk")
    response = client.post(
        f"/zone/risk/{world.ids['p1']}",
        data={"csrf_token": token, "level": "extreme", "reason": "抽查"},
    )
    assert response.status_code == 422
    assert "风险等级" in response.text
    assert "Traceback" not in response.text
    assert "literal_error" not in response.text
    url = f"/zone/risk/{world.ids['p1']}"
    empty = client.post(url, data={"csrf_token": token, "level": "high"})
    assert empty.status_code == 422
    assert "理由：不能为空" in empty.text


def test_a_value_the_model_refuses_shows_the_form_again_by_its_field(
    client: TestClient, world: World
) -> None:
    sign_in(client, "zone1")
    token = csrf_of(client, "/zone/risk")
    typed = {"uscc": "不是代码", "name": "测试单位", "contact_name": "张三"}
    refused = client.post("/zone/processors", data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert "数据处理者风险视图" in refused.text  # the page itself, not the refusal page
    assert 'href="#p-uscc"' in refused.text
    assert "统一社会信用代码：格式不正确" in refused.text
    assert 'value="测试单位"' in refused.text
    assert 'value="张三"' in refused.text


def test_a_refused_field_without_a_control_is_the_forms_general_error() -> None:
    def show(request: Any, user: Any, refusal: Refusal) -> Any:
        return refusal

    shown = FormPage(show, controls={"title": "r-title", "categories": "cat_name_0"})
    assert shown.control("title") == "r-title"
    assert shown.control("categories[1].name") == "cat_name_0"
    assert shown.control("version") == ""
    stale = Refusal({"form": "记录已被他人同时修改"})
    assert (stale.message, stale.control) == ("记录已被他人同时修改", "")


def test_what_was_typed_comes_back_without_the_token_or_passwords() -> None:
    upload = UploadFile(BytesIO(b"x"), filename="a.csv")
    posted = [("csrf_token", "t"), ("username", "li"), ("password", "secret")]
    received = FormData([*posted, ("entry", "a"), ("entry", "b"), ("file", upload)])
    assert typed_values(received) == {"username": "li", "entry": ["a", "b"]}


def test_a_form_is_read_by_the_apis_model() -> None:
    received = FormData(
        [
            ("csrf_token", "t"),
            ("occurred_on", "2026-11-30"),
            ("activity", "  向境外传输订单  "),
            ("data_categories", "姓名、手机号码，地址"),
            ("recipient", ""),
            ("submit", "保存"),
        ]
    )
    record = parse(RecordIn, received)
    assert record.occurred_on == date(2026, 11, 30)
    assert record.activity == "向境外传输订单"
    assert record.data_categories == ["姓名", "手机号码", "地址"]
    assert record.recipient == ""  # an empty control takes the model's default


def test_a_refusal_is_the_forms_validation_error() -> None:
    with pytest.raises(RequestValidationError) as refused:
        parse(RiskIn, FormData([("level", "high")]))
    message, field = validation_message(refused.value.errors())
    assert (message, field) == ("理由：不能为空", "reason")


def test_checkboxes_and_given_values() -> None:
    class Probe(BaseModel):
        ticked: bool = False
        zone_id: int

    assert form_values(Probe, FormData([("ticked", "on"), ("zone_id", "9")])) == {
        "ticked": True,
        "zone_id": "9",
    }
    assert parse(Probe, FormData([("zone_id", "9")]), given={"zone_id": 2}).zone_id == 2


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("姓名、手机号码", ["姓名", "手机号码"]),
        ("name, phone;email", ["name", "phone", "email"]),
        ("姓名\n手机号码\r\n  地址 ", ["姓名", "手机号码", "地址"]),
        ("  ", []),
    ],
)
def test_one_rule_splits_a_field_list(text: str, items: list[str]) -> None:
    assert split_list(text) == items
