"""生成申报材料 on the assessment page, and the case page that tracks the materials."""

import io
import re
import zipfile

from fastapi.testclient import TestClient

from .conftest import csrf_of, post_form, sign_in
from .test_reports import WIZARD
from .world import World

CONTRACT = {**WIZARD, "title": "售后车主信息（标准合同）", "persons": "600000"}


def _assess(client: TestClient) -> str:
    response = post_form(client, "/enterprise/assess", "/workbench", **CONTRACT)
    return str(response.headers["location"])


def test_assessment_page_offers_the_zip_and_the_case(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    location = _assess(client)
    page = client.get(location).text
    assert f'href="{location}/filing.zip"' in page
    assert "生成申报材料" in page
    download = client.get(f"{location}/filing.zip")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert any(n.endswith("/pia-report.docx") for n in names)
    assert any(n.endswith("/art11-report.docx") for n in names)


def test_case_page_opens_tracks_and_redates(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    location = _assess(client)
    empty = client.get(f"{location}/filing").text
    assert "开始办理" in empty
    case = f"{location}/filing"
    effective = "2026-03-02"
    started = post_form(
        client, case, "/workbench", route="standard_contract", contract_effective_on=effective
    )
    assert started.headers["location"] == case
    opened = client.get(case).text
    assert "个人信息保护影响评估报告" in opened
    assert "2026-03-16" in opened  # 10 working days after 2 March
    assert "待企业提供" in opened
    material = re.search(r'action="/filing/materials/(\d+)"', opened)
    assert material is not None
    assessment = location.rsplit("/", 1)[1]
    mark = f"/filing/materials/{material.group(1)}"
    # the form's field `status` is the material's, not the response's: posted by hand
    response = client.post(
        mark,
        data={"csrf_token": csrf_of(client), "status": "filed", "assessment_id": assessment},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == case
    assert "已提交" in client.get(case).text


def test_other_processors_see_neither_zip_nor_case(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    location = _assess(client)
    client.cookies.clear()
    sign_in(client, "ent2")
    assert client.get(f"{location}/filing.zip").status_code == 404
    assert client.get(f"{location}/filing").status_code == 404
