"""Half-yearly zone reports through the pages, the FTZ overview and bulletins."""

import io
import re

from docx import Document
from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.zonereports import periods

from .conftest import post_form, sign_in
from .world import World, enterprise, submitted_report


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]


def _submitted_report(client: TestClient, world: World) -> None:
    """One report of this year, submitted by the enterprise of zone 1."""
    database = client.app.state.database  # type: ignore[attr-defined]
    submitted_report(database, enterprise(world, "ent1"), clock.today(), title="本年出境")


def test_compile_review_submit_and_bulletin(client: TestClient, world: World) -> None:
    period = periods.last_ended(clock.today())
    sign_in(client, "zone1")
    compiled = post_form(
        client, "/zone/halfyear", period=period, narrative="本期开展政策宣讲两次。"
    )
    url = compiled.headers["location"]
    page = client.get(url).text
    assert "登记数据处理者" in page
    for action in ("review", "submit"):
        post_form(client, f"{url}/move", url, version=_version(page), action=action)
        page = client.get(url).text
    assert 'id="hy-state">已上报' in page
    word = Document(io.BytesIO(client.get(f"{url}/docx").content))
    assert "半年数据出境负面清单实施情况的报告" in word.paragraphs[0].text
    assert any(p.text.startswith("（审计日志") for p in word.paragraphs)  # checkpoint line
    assert client.get(f"{url}/pdf").content.startswith(b"%PDF")

    other = TestClient(client.app)
    sign_in(other, "zone2")
    assert other.get(url).status_code == 404

    _submitted_report(client, world)
    sign_in(other, "city")
    overview = other.get("/city/overview").text
    assert f'href="{url}"' in overview
    assert '<strong id="live-reports">1</strong>' in overview
    assert '<svg class="chart" id="live-countries"' in overview
    post_form(other, "/city/bulletins", "/city/overview", period=period)
    overview = other.get("/city/overview").text
    assert "最新通报" in overview
    assert "未报送" in overview  # the other zones have not reported
    assert '<svg class="chart" id="ov-zones"' in overview


def test_bulletin_downloads_as_docx_and_pdf_from_the_overview(
    client: TestClient, world: World
) -> None:
    sign_in(client, "city")
    period = periods.last_ended(clock.today())
    post_form(client, "/city/bulletins", "/city/overview", period=period, note="附言")
    overview = client.get("/city/overview").text
    link = re.search(r'href="(/city/bulletins/(\d+))/docx"', overview)
    assert link is not None
    word = Document(io.BytesIO(client.get(f"{link.group(1)}/docx").content))
    assert word.paragraphs[0].text.endswith("半年数据出境负面清单实施情况通报")
    assert "联席会议各成员单位：" in [p.text for p in word.paragraphs]
    assert "附言" in [p.text for p in word.paragraphs]
    assert any("审计日志" in p.text for p in word.paragraphs)  # checkpoint line
    pdf = client.get(f"{link.group(1)}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"{link.group(1)}/odt").status_code == 404
    assert client.get("/city/bulletins/999999/pdf").status_code == 404
    zone = TestClient(client.app)
    sign_in(zone, "zone1")
    assert zone.get(f"{link.group(1)}/docx").status_code == 403
