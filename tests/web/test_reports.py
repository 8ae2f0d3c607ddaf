"""The Art 11 report cycle through the pages: assess, report, return, fix, accept."""

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from .conftest import csrf_of, form_inputs, post_form, sign_in
from .world import World

WIZARD = {
    "scenario": "ICV-AS-01",
    "title": "售后服务车主信息出境",
    "entry": "ICV-AS-01-01",
    "fields_ICV-AS-01-01": ["姓名", "手机号"],
    "persons": "12000",
    "sensitive_persons": "0",
    "date": "2026-03-01",
    "rec_name_0": "Example Auto Service GmbH",
    "rec_country_0": "DE",
}


def _assess(client: TestClient) -> str:
    token = csrf_of(client)
    response = client.post(
        "/enterprise/assess", data={**WIZARD, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def _act(client: TestClient, report_url: str, action: str, **data: str) -> None:
    """Post the report's `action` form at the version its page shows."""
    version = _version(client.get(report_url).text)
    post_form(client, f"{report_url}/{action}", report_url, version=version, **data)


def test_wizard_shows_the_scenario_entries(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    step1 = client.get("/enterprise/assess").text
    assert 'value="ICV-AS-01"' in step1
    step2 = client.get("/enterprise/assess", params={"scenario": "ICV-AS-01"}).text
    assert 'id="e-ICV-AS-01-01"' in step2
    assert 'name="fields_ICV-AS-01-01" value="手机号"' in step2


def test_wizard_without_items_names_the_problem(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    data = {k: v for k, v in WIZARD.items() if k != "entry"} | {"csrf_token": csrf_of(client)}
    response = client.post("/enterprise/assess", data=data)
    assert response.status_code == 422
    assert 'id="items-error"' in response.text


def test_wizard_refuses_a_post_without_csrf(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    response = client.post("/enterprise/assess", data=WIZARD)
    assert response.status_code == 403


def test_zone_officer_cannot_open_the_wizard(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    assert client.get("/enterprise/assess").status_code == 403


def test_full_cycle_return_fix_accept(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    outcome_url = _assess(client)
    outcome = client.get(outcome_url).text
    assert 'id="verdict"' in outcome
    assessment_id = outcome_url.rsplit("/", 1)[1]
    new = client.get("/reports/new", params={"assessment": assessment_id}).text
    assert 'value="Example Auto Service GmbH"' in new
    form = form_inputs(new, "/reports/new")
    assert form["title"]
    created = client.post("/reports/new", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    report_url = created.headers["location"]
    _act(client, report_url, "submit", signed_by="王经理", agree="on")

    zone = TestClient(client.app)
    sign_in(zone, "zone2")  # another zone never sees it
    assert zone.get(report_url).status_code == 404
    sign_in(zone, "zone1")
    queue = zone.get("/zone").text
    assert f'href="{report_url}"' in queue
    _act(
        zone,
        report_url,
        "return",
        def_field_0="recipients",
        def_problem_0="请补充接收方的详细地址",
        def_field_1="categories",
        def_problem_1="请说明车辆识别代号是否出境",
    )

    fix = client.get(report_url).text
    assert "请补充接收方的详细地址" in fix
    assert "请说明车辆识别代号是否出境" in fix
    _act(client, report_url, "submit", signed_by="王经理", agree="on")
    assert "补正后重新提交" in zone.get(report_url).text
    _act(zone, report_url, "accept")
    final = client.get(report_url).text
    assert "已受理" in final
    assert "补正后重新提交 → 已受理" in final

    assert f'href="{report_url}"' in zone.get("/zone", params={"state": "accepted"}).text
    assert f'href="{report_url}"' not in zone.get("/zone", params={"state": "draft"}).text

    docx = client.get(f"{report_url}/docx")
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")
    pdf = zone.get(f"{report_url}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    register = load_workbook(io.BytesIO(zone.get("/zone/reports.xlsx").content)).active
    assert register is not None
    assert "售后服务车主信息出境" in [c.value for c in register["C"]]
    other = TestClient(client.app)
    sign_in(other, "zone2")
    assert other.get(f"{report_url}/pdf").status_code == 404


def test_submit_without_commitment_is_refused(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    token = csrf_of(client, "/reports/new")
    created = client.post(
        "/reports/new",
        data={
            "csrf_token": token,
            "title": "未签承诺的报告",
            "scenario_name": "售后服务",
            "export_date": "2026-03-01",
            "cat_name_0": "车主信息",
            "cat_fields_0": "姓名",
            "rec_name_0": "X GmbH",
            "rec_country_0": "DE",
        },
        follow_redirects=False,
    )
    url = created.headers["location"]
    page = client.get(url).text
    response = client.post(
        f"{url}/submit",
        data={"csrf_token": token, "version": _version(page), "signed_by": "王经理"},
    )
    assert response.status_code == 422
    assert "承诺" in response.text
    assert "草稿" in response.text


def test_wizard_passes_claimed_exemptions_to_the_assessment(
    client: TestClient, world: World
) -> None:
    from chujing.platform.assessments import service as assessments
    from chujing.platform.principal import cli_principal

    sign_in(client, "ent1")
    response = client.post(
        "/enterprise/assess",
        data={
            **WIZARD,
            "exemption": "o16.art5.2",
            "necessity_attested": "on",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assessment_id = int(response.headers["location"].rsplit("/", 1)[1])
    with client.app.state.database.transaction() as db:  # type: ignore[attr-defined]
        stored = assessments.get(db_session=db, actor=cli_principal(), assessment_id=assessment_id)
        assert stored.plan["purposes"] == ["hr_management"]
        assert stored.plan["necessity_attested"] is True
