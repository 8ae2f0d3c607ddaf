"""Filing on the platform: the bundle zip of an assessment, and its case's materials."""

import io
import json
import zipfile
from typing import Any

from fastapi.testclient import TestClient

from conftest import World


def _assess(client: TestClient, world: World, **overrides: Any) -> int:
    plan: dict[str, Any] = {
        "date": "2026-03-02",
        "processor": {"name": "任意", "ftz": "none"},
        "persons": 150000,
        "items": [{"name": "会员联系信息", "fields": ["姓名", "手机号"], "pi": "personal"}],
        "recipients": [{"name": "Example GmbH", "country": "DE"}],
        **overrides,
    }
    response = client.post("/api/v1/assessments", headers=world.auth("pu1a"), json={"plan": plan})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_zip_holds_the_bundle_and_only_the_scope_may_fetch_it(
    client: TestClient, world: World
) -> None:
    assessment = _assess(client, world)
    response = client.get(
        f"/api/v1/assessments/{assessment}/filing.zip", headers=world.auth("pu1a")
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {"pia-report.docx", "contract-appendix-1.docx", "materials.json"} <= names
    (manifest_name,) = [n for n in archive.namelist() if n.endswith("materials.json")]
    manifest = json.loads(archive.read(manifest_name))
    assert manifest["pathway"] == "standard_contract_or_certification"
    other = client.get(f"/api/v1/assessments/{assessment}/filing.zip", headers=world.auth("pu1b"))
    assert other.status_code == 404


def test_case_tracks_materials_with_the_contract_deadline(client: TestClient, world: World) -> None:
    assessment = _assess(client, world)
    url = f"/api/v1/assessments/{assessment}/filing"
    assert client.get(url, headers=world.auth("pu1a")).status_code == 404
    opened = client.post(url, headers=world.auth("pu1a"), json={})
    assert opened.status_code == 201, opened.text
    case = opened.json()
    by_key = {m["key"]: m for m in case["materials"]}
    assert by_key["scc_pia_report"]["status"] == "drafted"
    assert by_key["scc_contract"]["status"] == "to_supply"
    assert by_key["scc_pia_report"]["due_on"] == "2026-03-16"  # 10 working days from 2 March
    assert by_key["notice"]["due_on"] is None  # PIPL Art 39: before the export, no fixed day
    redated = client.post(
        url, headers=world.auth("pu1a"), json={"contract_effective_on": "2026-09-28"}
    ).json()
    # 29-30 Sep, 8-9 Oct, Saturday 10 Oct (调休 working day), 12-16 Oct
    assert {m["key"]: m for m in redated["materials"]}["scc_contract"]["due_on"] == "2026-10-16"
    material = by_key["scc_contract"]["id"]
    patched = client.patch(
        f"/api/v1/filing/materials/{material}", headers=world.auth("pu1a"), json={"status": "filed"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["status"] == "filed"
    refused = client.patch(
        f"/api/v1/filing/materials/{material}",
        headers=world.auth("pu1a"),
        json={"status": "drafted"},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "status"
    assert client.get(url, headers=world.auth("zo1")).status_code == 200
    assert (
        client.patch(
            f"/api/v1/filing/materials/{material}",
            headers=world.auth("zo1"),
            json={"status": "filed"},
        ).status_code
        == 403
    )
    assert client.get(url, headers=world.auth("pu1b")).status_code == 404
