"""Scanning an uploaded file in the background and carrying the findings into the wizard."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chujing.platform.jobs.runner import Worker
from chujing.platform.settings import Settings
from chujing.server import create_app

from .conftest import sign_in, upload_scan
from .world import World, customers_csv


@pytest.fixture(scope="module", autouse=True)
def worker(app: Any, settings: Settings) -> Iterator[Worker]:
    """A worker beside the pages, as `chujing serve` runs one."""
    running = Worker(settings, scheduled=False).start()
    app.state.worker = running
    yield running
    app.state.worker = None
    running.stop()


def _finish(client: TestClient, url: str) -> dict[str, object]:
    for _ in range(200):
        status: dict[str, object] = client.get(f"{url}/status").json()
        if status["done"]:
            return status
        time.sleep(0.05)
    raise AssertionError("the scan did not finish")


def test_scan_counts_distinct_persons_and_prefills_the_wizard(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    started = upload_scan(client, "customers.csv", customers_csv(120), scenario="ICV-AS-01")
    url = started.headers["location"].split("?", 1)[0]
    status = _finish(client, url)
    assert "120" in str(status["message"])
    result = client.get(started.headers["location"]).text
    assert "发现 40 个不同的个人信息主体" in result
    # the column kinds by name, and the ID-number setting the scan applied, in words
    assert "<td>居民身份证号</td>" in result
    assert "cn_resident_id" not in result
    setting = result.split('id="id-number-setting">', 1)[1].split("</p>", 1)[0]
    assert "身份证件号码是否作为敏感个人信息" in setting
    assert "GB/T 45574-2025" in setting  # the default: not sensitive on its own
    job_id = url.rsplit("/", 1)[1]
    wizard = client.get("/enterprise/assess", params={"scenario": "ICV-AS-01", "scan": job_id})
    assert 'name="persons" inputmode="numeric" value="40"' in wizard.text
    # columns are carried in by element: 客户姓名 and 手机号码 tick the owner entry's 姓名, 手机号
    assert 'id="e-ICV-AS-01-01" name="entry" value="ICV-AS-01-01" checked' in wizard.text
    assert 'name="fields_ICV-AS-01-01" value="手机号" checked' in wizard.text
    assert 'name="fields_ICV-AS-01-01" value="电子邮箱">' in wizard.text  # not in the file
    # the ID number no entry of the scenario holds stays an own item
    assert 'id="own_fields" name="own_fields" value="身份证号"' in wizard.text


def test_scan_results_never_show_raw_values(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    data = customers_csv(10)
    raw_phone = data.decode().splitlines()[1].split(",")[1]
    started = upload_scan(client, "c.csv", data)
    _finish(client, started.headers["location"].split("?", 1)[0])
    assert raw_phone not in client.get(started.headers["location"]).text


def test_scan_job_is_private_to_its_owner(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    started = upload_scan(client, "c.csv", customers_csv(5))
    other = TestClient(client.app)
    sign_in(other, "ent2")
    assert other.get(started.headers["location"]).status_code == 404


def test_unsupported_upload_is_refused(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    response = upload_scan(
        client,
        "notes.docx",
        b"PK..",
        status=422,
        kind="application/octet-stream",
        scenario="ICV-AS-01",
    )
    assert "不支持的文件类型" in response.text


def test_a_scan_started_in_one_process_is_answered_by_another(
    client: TestClient, world: World, settings: Settings
) -> None:
    sign_in(client, "ent1")
    started = upload_scan(client, "c.csv", customers_csv(30), scenario="ICV-AS-01")
    url = started.headers["location"]
    other = create_app(settings)  # a second server process (or the same one restarted)
    try:
        again = TestClient(other, cookies=client.cookies)
        status = _finish(again, url.split("?", 1)[0])
        assert "30" in str(status["message"])
        assert "发现 30 个不同的个人信息主体" in again.get(url).text
    finally:
        other.state.database.dispose()


def test_an_unknown_scan_says_so_and_offers_a_fresh_upload(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    url = "/enterprise/scan/no-such-job?scenario=ICV-AS-01"
    gone = client.get(url)
    assert gone.status_code == 404
    assert "扫描任务不存在" in gone.text
    assert 'href="/enterprise/assess?scenario=ICV-AS-01#scan-h">重新上传文件开始扫描' in gone.text
    status = client.get("/enterprise/scan/no-such-job/status")
    assert status.status_code == 404
    assert status.json()["done"] is True
    assert "重新上传" in status.json()["message"]
