"""Pages refuse reports and assessments to roles the permission matrix does not let read them.

The API refused these users already; the pages only checked that someone was signed in.
"""

import pytest
from fastapi.testclient import TestClient

from .conftest import form_inputs, sign_in
from .test_reports import _assess
from .world import World


@pytest.fixture(scope="module")
def report_urls(app: object, world: World) -> list[str]:
    """One assessment and one report of processor p1, and the report's documents."""
    client = TestClient(app)  # type: ignore[arg-type]
    sign_in(client, "ent1")
    assessment_url = _assess(client)
    assessment_id = assessment_url.rsplit("/", 1)[1]
    new = client.get("/reports/new", params={"assessment": assessment_id}).text
    created = client.post(
        "/reports/new", data=form_inputs(new, "/reports/new"), follow_redirects=False
    )
    assert created.status_code == 303, created.text
    report_url = str(created.headers["location"])
    return [assessment_url, report_url, f"{report_url}/docx", f"{report_url}/pdf"]


@pytest.mark.parametrize("username", ["admin1", "police1", "audit1", "expert", "ent2", "zone2"])
def test_no_page_shows_another_organisations_report(
    client: TestClient, report_urls: list[str], username: str
) -> None:
    sign_in(client, username)
    for url in report_urls:
        response = client.get(url)
        assert response.status_code in (403, 404), (username, url, response.status_code)
        assert "售后服务车主信息出境" not in response.text


@pytest.mark.parametrize("username", ["ent1", "zone1", "city"])
def test_the_pages_still_show_the_report_to_who_may_read_it(
    client: TestClient, report_urls: list[str], username: str
) -> None:
    sign_in(client, username)
    for url in report_urls:
        assert client.get(url).status_code == 200, (username, url)
