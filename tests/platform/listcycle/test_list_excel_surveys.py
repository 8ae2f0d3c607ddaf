"""Excel import round trip with row-level errors; demand survey aggregation; scenario analysis."""

from io import BytesIO
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from chujing.listxlsx import export_xlsx, layout
from chujing.platform import clock
from chujing.platform.clocks.schedule import schedule
from chujing.rules import load_lists
from chujing.workdays import add_working_days
from conftest import World, submitted_report

SHIPPED = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")


def _draft(client: TestClient, world: World) -> dict[str, Any]:
    body = {"list_id": "cq-ftz-icv", "sector": "智能网联汽车", "title": "智能网联汽车清单"}
    response = client.post("/api/v1/lists/drafts", headers=world.auth("mo"), json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _upload(client: TestClient, world: World, draft: dict[str, Any], data: bytes) -> Any:
    return client.post(
        f"/api/v1/lists/drafts/{draft['id']}/xlsx",
        headers={**world.auth("mo"), "Content-Type": "application/octet-stream"},
        params={"version": draft["version"]},
        content=data,
    )


def test_excel_round_trip(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    imported = _upload(client, world, draft, export_xlsx(SHIPPED))
    assert imported.status_code == 200, imported.text
    content = imported.json()["content"]
    expected = SHIPPED.model_dump(mode="json")
    expected.pop("published")
    assert content == expected
    exported = client.get(f"/api/v1/lists/drafts/{draft['id']}/xlsx", headers=world.auth("mo"))
    assert exported.status_code == 200
    again = _upload(client, world, imported.json(), exported.content)
    assert again.status_code == 200
    assert again.json()["content"] == expected


def test_excel_errors_name_the_row_and_nothing_is_kept(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    book = load_workbook(BytesIO(export_xlsx(SHIPPED)))
    sheet = book[layout.LIST_SHEET]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index(layout.CATEGORY) + 1, value="九十九")
    buffer = BytesIO()
    book.save(buffer)
    refused = _upload(client, world, draft, buffer.getvalue())
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["field"] == "file"
    assert "第 3 行" in error["message"]
    unchanged = client.get(f"/api/v1/lists/drafts/{draft['id']}", headers=world.auth("mo")).json()
    assert unchanged["version"] == draft["version"]
    assert "scenarios" not in unchanged["content"]
    garbage = _upload(client, world, draft, b"not a workbook")
    assert garbage.status_code == 422


def _answer(scenario: str, fields: list[str], persons: int) -> dict[str, Any]:
    return {
        "scenarios": [
            {
                "activity": "售后服务",
                "scenario": scenario,
                "categories": [
                    {
                        "category": 16,
                        "name": "车主信息",
                        "data_type": "personal_information",
                        "fields": fields,
                    }
                ],
                "persons_per_year": persons,
                "exports_per_year": 12,
                "recipient_countries": ["DE"],
            }
        ]
    }


def test_survey_answers_become_the_drafts_starting_point(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    survey = client.post(
        "/api/v1/lists/surveys",
        headers=world.auth("mo"),
        json={
            "sector": "智能网联汽车",
            "title": "2026年需求调研",
            "due": "2026-12-31",
            "draft_id": draft["id"],
        },
    )
    assert survey.status_code == 201
    sid = survey.json()["id"]
    url = f"/api/v1/lists/surveys/{sid}/answers"
    first = client.post(
        url, headers=world.auth("pu1a"), json=_answer("全球售后", ["姓名", "手机号"], 500)
    )
    assert first.status_code == 201
    assert (
        client.post(
            url, headers=world.auth("pa1a"), json=_answer("全球售后", ["VIN"], 1)
        ).status_code
        == 409
    )
    assert (
        client.post(url, headers=world.auth("pu1b"), json=_answer("x", ["y"], 1)).status_code == 404
    )
    second = client.post(
        url, headers=world.auth("pa2"), json=_answer("全球售后", ["手机号", "VIN"], 700)
    )
    assert second.status_code == 201
    seeded = client.post(
        f"/api/v1/lists/surveys/{sid}/seed",
        headers=world.auth("mo"),
        params={"draft_id": draft["id"], "version": draft["version"]},
    )
    assert seeded.status_code == 200, seeded.text
    scenarios = seeded.json()["content"]["scenarios"]
    assert scenarios == [
        {
            "code": "CQ-FTZ-ICV-01",
            "activity": "售后服务",
            "name": "全球售后",
            "entries": [
                {
                    "code": "CQ-FTZ-ICV-01-01",
                    "name": "车主信息",
                    "category": 16,
                    "data_type": "personal_information",
                    "fields": ["姓名", "手机号", "VIN"],
                }
            ],
        }
    ]
    closed = client.post(url, headers=world.auth("pu1a"), json=_answer("z", ["y"], 1))
    assert closed.status_code in (404, 409)
    analysis = client.get(
        "/api/v1/lists/analysis", headers=world.auth("mo"), params={"sector": "智能网联汽车"}
    ).json()
    survey_line = next(a for a in analysis if a["source"] == "survey")
    assert survey_line["processors"] == 2
    assert survey_line["persons_total"] == 1200
    assert survey_line["persons_max"] == 700
    assert survey_line["exports_per_processor"] == 12.0


def test_scenario_analysis_of_submitted_reports(client: TestClient, world: World) -> None:
    submitted_report(client, world, persons=1000, export_date="2026-03-01")
    submitted_report(
        client,
        world,
        persons=3000,
        export_date="2026-04-01",
        recipients=[{"name": "Example Inc", "country": "US"}],
        categories=[{"category": 16, "name": "车主信息", "fields": ["姓名", "车架号"]}],
    )
    figures = client.get(
        "/api/v1/lists/analysis",
        headers=world.auth("ex"),
        params={"sector": "智能网联汽车", "year": 2026},
    ).json()
    line = next(a for a in figures if a["source"] == "reports" and a["scenario"] == "ICV-AS-01")
    assert line["exports"] == 2
    assert line["processors"] == 1
    assert line["persons_total"] == 4000
    assert line["persons_max"] == 3000
    assert line["countries"] == ["DE", "US"]
    assert line["categories"] == {"16": ["姓名", "手机号", "车架号"]}
    assert (
        client.get(
            "/api/v1/lists/analysis", headers=world.auth("pu1a"), params={"sector": "智能网联汽车"}
        ).status_code
        == 403
    )


def test_a_survey_without_a_date_is_due_after_the_schedules_working_days(
    client: TestClient, world: World
) -> None:
    survey = client.post(
        "/api/v1/lists/surveys",
        headers=world.auth("mo"),
        json={"sector": "医疗健康", "title": "未定日期的调研"},
    )
    assert survey.status_code == 201, survey.text
    days = schedule().survey_answer_working_days
    assert survey.json()["due"] == add_working_days(clock.today(), days).isoformat()
