"""The quick check, the wizard and the outcome display: matching by meaning, per-item purposes,
readings labelled as such, the illustrative-list banner — and one plan, three ways, one outcome."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chujing.cli.main import app as cli
from chujing.engine.labels import PATHWAY_SHORT
from chujing.platform.assessments.models import Assessment
from chujing.rules import load_lists, load_rules

from .conftest import csrf_of, sign_in
from .test_reports import WIZARD as REPORT_WIZARD
from .world import World

OWNERS = {  # the review's case: 姓名、手机号 of 600,000 car owners, category left at 不确定
    "date": "2026-03-01",
    "ftz": "registered",
    "sector": "智能网联汽车",
    "scenario": "ICV-AS-01",
    "item_name": "车主联系信息",
    "category": "",
    "fields": "姓名、手机号",
    "pi": "personal",
    "important_data": "none",
    "persons": "600000",
    "sensitive_persons": "0",
    "ytd_persons": "0",
    "ytd_sensitive_persons": "0",
    "recipient": "Example GmbH",
    "country": "DE",
}
WIZARD = {**REPORT_WIZARD, "title": "售后车主信息", "persons": "600000"}


def verdict(html: str) -> str:
    return html.split('id="verdict">', 1)[1].split("</span>", 1)[0]


def _wizard_outcome(client: TestClient, app: Any, data: dict[str, Any]) -> Assessment:
    response = client.post(
        "/enterprise/assess", data={**data, "csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assessment_id = int(response.headers["location"].rsplit("/", 1)[1])
    with app.state.database.transaction() as db:
        stored = db.get(Assessment, assessment_id)
        assert stored is not None
        db.expunge(stored)
    return stored


def test_the_quick_check_no_longer_exempts_listed_owner_contacts(client: TestClient) -> None:
    page = client.post("/check", data=OWNERS).text
    assert verdict(page).endswith(PATHWAY_SHORT["standard_contract_or_certification"])
    assert "对应条目 ICV-AS-01-01" in page


def test_an_outcome_relying_on_an_illustrative_list_carries_the_banner(client: TestClient) -> None:
    listed = client.post("/check", data=OWNERS).text
    assert 'id="illustrative-banner"' in listed
    national = client.post("/check", data={**OWNERS, "ftz": "none"}).text
    assert 'id="verdict"' in national
    assert 'id="illustrative-banner"' not in national


def test_readings_are_labelled_and_link_to_their_explanation(client: TestClient) -> None:
    page = client.post("/check", data={**OWNERS, "sector": "", "scenario": ""}).text
    reading = page.split('<li class="reason-reading">', 1)[1].split("</li>", 1)[0]
    assert '<span class="tag tag-reading">本平台解读</span>' in reading
    assert 'href="/readings#cq.ftz_alone"' in reading
    readings = client.get("/readings").text
    book = load_rules()
    for rule in (r for r in book.rules if r.reading):
        assert f'id="{rule.id}"' in readings
    assert "docs/law-readings.md" in readings


def test_a_threshold_not_reached_is_not_called_off_the_list(client: TestClient) -> None:
    page = client.post("/check", data={**OWNERS, "persons": "300000"}).text
    assert verdict(page).endswith(PATHWAY_SHORT["exempt"])
    row = page.split("<h3>逐项结论</h3>", 1)[1]
    assert '<td class="basis">条目门槛未达到</td>' in row


def test_the_wizard_asks_purposes_per_item(client: TestClient, world: World, app: Any) -> None:
    sign_in(client, "ent1")
    step2 = client.get("/enterprise/assess", params={"scenario": "ICV-AS-01"}).text
    assert 'id="purpose_ICV-AS-01-01"' in step2
    assert 'id="purpose_own"' in step2
    stored = _wizard_outcome(
        client,
        app,
        {
            **WIZARD,
            "own_name": "员工信息",
            "own_fields": "姓名、工号",
            "own_pi": "personal",
            "purpose_own": "o16.art5.2",
            "necessity_attested": "on",
        },
    )
    items = {i["name"]: i for i in stored.outcome["items"]}
    assert items["员工信息"]["basis"] == "o16.art5.2"
    assert items["车主信息"]["pathway"] == "standard_contract_or_certification"
    assert stored.plan["items"][1]["purposes"] == ["hr_management"]
    assert stored.plan["items"][0]["purposes"] is None  # the plan's default


def test_the_assessment_page_carries_the_banner(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    response = client.post(
        "/enterprise/assess", data={**WIZARD, "csrf_token": csrf_of(client)}, follow_redirects=True
    )
    assert 'id="illustrative-banner"' in response.text


def test_quick_check_wizard_and_cli_give_the_same_outcome(
    client: TestClient, world: World, app: Any, tmp_path: Path
) -> None:
    sign_in(client, "ent1")
    stored = _wizard_outcome(client, app, WIZARD)
    plan = stored.plan
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    by_cli = json.loads(result.stdout)
    item = plan["items"][0]
    form = {
        **OWNERS,
        "ftz": plan["processor"]["ftz"],
        "sector": plan["processor"]["sector"],
        "scenario": plan["scenario"],
        "item_name": item["name"],
        "category": str(item.get("category", "")),
        "fields": "、".join(item["fields"]),
        "persons": str(plan["persons"]),
        "ytd_persons": str(plan["year_to_date"]["persons"]),
        "ytd_sensitive_persons": str(plan["year_to_date"]["sensitive_persons"]),
    }
    quick = client.post("/check", data=form).text
    wizard = stored.outcome
    for key in ("pathway", "regime", "margins", "tallies", "flags"):
        assert by_cli[key] == wizard[key], key
    assert by_cli["negative_list"]["matched_entries"] == wizard["negative_list"]["matched_entries"]
    assert [i["basis"] for i in by_cli["items"]] == [i["basis"] for i in wizard["items"]]
    assert verdict(quick).endswith(PATHWAY_SHORT[wizard["pathway"]])
    assert f"对应条目 {'、'.join(wizard['negative_list']['matched_entries'])}" in quick
    assert wizard["pathway"] == "standard_contract_or_certification"


def test_the_field_lookup_finds_a_field_written_another_way(client: TestClient) -> None:
    page = client.get("/lists", params={"scenario": "售后", "field": "联系电话"}).text
    assert "ICV-AS-01-01" in page


def test_a_past_dated_wizard_plan_reads_the_lists_of_its_day(
    client: TestClient, world: World, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wizard picks the scenario's entries from the lists in force on the plan's date
    (as the engine decides it), not today's: here today is after the list's expiry."""
    from chujing.platform import clock

    sign_in(client, "ent1")
    listed = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")
    assert listed.valid_until is not None
    monkeypatch.setattr(clock, "today", lambda: date(listed.valid_until.year + 1, 1, 1))
    stored = _wizard_outcome(client, app, {**REPORT_WIZARD, "date": "2026-10-01"})
    assert stored.outcome["regime"] == "chongqing_negative_list"
    (item,) = stored.outcome["items"]
    found = listed.entry("ICV-AS-01-01")
    assert found is not None
    assert item["name"] == found[1].name
    assert item["matched_entries"] == ["ICV-AS-01-01"]
