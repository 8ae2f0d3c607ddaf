"""The year's tally through the API: what counts (one rule for the dashboard, the processor's
tally, the zone report and year_to_date), tiers from the rules, each list entry's own count,
split exports cited as the articles say, and sketches that never undercut a declaration."""

import random
from itertools import count
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from chujing.platform.db import Database
from chujing.platform.tally.service import day_of
from chujing.rules import load_rules
from chujing.scan.persons import SketchCounter
from chujing.scan.sketch import to_document
from chujing.synth import values
from conftest import World, report_body, sign, submitted_report, token_for

SALT = b"test-salt"
HR_PLAN: dict[str, Any] = {
    "date": "2026-05-01",
    "processor": {"name": "x"},
    "persons": 90000,
    "purposes": ["hr_management"],
    "necessity_attested": True,
    "items": [{"name": "员工信息", "pi": "personal", "persons": 90000}],
    "recipients": [{"name": "Example GmbH", "country": "DE"}],
}


def _sketch(keys: list[str], salt: bytes = SALT) -> dict[str, Any]:
    counter = SketchCounter(salt)
    counter.add(pa.array(keys), pa.array([False] * len(keys)), pa.array([False] * len(keys)))
    return to_document(counter, "cn_resident_id", len(keys), "2026-03-01")


Firm = dict[str, dict[str, str]]


def _new_firm(
    client: TestClient,
    world: World,
    database: Database,
    uscc: str,
    tag: str,
    zone: str = "zone1",
) -> Firm:
    """A fresh processor with a clerk and an administrator (its own tally)."""
    officer, zone_id = ("zo1", world.zone1) if zone == "zone1" else ("zo2", world.zone2)
    created = client.post(
        "/api/v1/processors",
        headers=world.auth(officer),
        json={"uscc": uscc, "name": f"重庆某{tag}有限公司", "zone_id": zone_id},
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    firm: Firm = {"pid": {"id": str(pid)}, "officer": {"who": officer}}
    for role in ("processor_user", "processor_admin"):
        user = client.post(
            "/api/v1/users",
            headers=world.auth("sa"),
            json={"username": f"{uscc}-{role}", "role": role, "processor_id": pid},
        ).json()
        firm[role] = token_for(database, user["id"])
    return firm


_FIRMS = count(1)


@pytest.fixture
def firm(client: TestClient, world: World, database: Database) -> Firm:
    """A processor of this test alone: its tally holds only what the test reports."""
    n = next(_FIRMS)
    return _new_firm(client, world, database, values.uscc(random.Random(9000 + n)), f"车联网{n}")


def _draft(client: TestClient, firm: Firm, **kw: Any) -> dict[str, Any]:
    draft = client.post("/api/v1/reports", headers=firm["processor_user"], json=report_body(**kw))
    assert draft.status_code == 201, draft.text
    result: dict[str, Any] = draft.json()
    return result


def _submit(client: TestClient, firm: Firm, draft: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/reports/{draft['id']}/submit",
        headers=firm["processor_admin"],
        json=sign(draft["version"]),
    )


def _report(client: TestClient, firm: Firm, sketch: dict[str, Any] | None = None, **kw: Any) -> int:
    draft = _draft(client, firm, **kw)
    if sketch is not None:
        attached = client.put(
            f"/api/v1/reports/{draft['id']}/sketch", headers=firm["processor_user"], json=sketch
        )
        assert attached.status_code == 200, attached.text
    submitted = _submit(client, firm, draft)
    assert submitted.status_code == 200, submitted.text
    return int(draft["id"])


def _accept(client: TestClient, world: World, firm: Firm, report_id: int) -> None:
    who = firm["officer"]["who"]
    current = client.get(f"/api/v1/reports/{report_id}", headers=world.auth(who)).json()
    accepted = client.post(
        f"/api/v1/reports/{report_id}/accept",
        headers=world.auth(who),
        json={"version": current["version"]},
    )
    assert accepted.status_code == 200, accepted.text


def _tally(client: TestClient, world: World, firm: Firm) -> dict[str, Any]:
    pid = firm["pid"]["id"]
    response = client.get(
        f"/api/v1/tally/processors/{pid}",
        headers=world.auth(firm["officer"]["who"]),
        params={"year": 2026},
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _dashboard_row(client: TestClient, world: World, firm: Firm) -> dict[str, Any]:
    rows = client.get(
        "/api/v1/tally",
        headers=world.auth(firm["officer"]["who"]),
        params={"year": 2026, "limit": 200},
    ).json()["items"]
    return next(r for r in rows if r["processor_id"] == int(firm["pid"]["id"]))


def _assessed(client: TestClient, firm: Firm, plan: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/assessments", headers=firm["processor_user"], json={"plan": plan}
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _tier(tally: dict[str, Any], rule: str, measure: str = "persons") -> dict[str, Any]:
    return next(t for t in tally["thresholds"] if t["rule"] == rule and t["measure"] == measure)


def test_thresholds_come_from_the_rules(client: TestClient, world: World, firm: Firm) -> None:
    tally = _tally(client, world, firm)
    book = load_rules()
    expected = {
        (r.id, m): r.params[m]
        for r in book.rules_of_kind("tier")
        for m in ("persons", "sensitive_persons")
        if isinstance((r.params or {}).get(m), int)
    }
    got = {
        (t["rule"], t["measure"]): t["threshold"]
        for t in tally["thresholds"]
        if t["kind"] == "tier"
    }
    assert got == expected
    assert tally["reports"] == 0
    assert all(t["level"] == "ok" for t in tally["thresholds"])
    assert tally["counting"]["setting"] == "exempt_exports_outside_count"
    assert tally["counting"]["value"] is True
    assert "第三条、第四条、第五条、第六条" in tally["counting"]["quote"]


def test_a_split_at_the_100000_tier_is_the_platforms_caution(
    client: TestClient, world: World, firm: Firm
) -> None:
    first = _report(client, firm, persons=60000)
    second = _report(client, firm, persons=50000)
    tally = _tally(client, world, firm)
    assert tally["persons_sum"] == 110000
    assert tally["basis"] == "sum"
    assert _tier(tally, "o16.art8")["level"] == "reached"
    top = _tier(tally, "o16.art7.2")
    assert top["level"] == "ok"
    assert top["remaining"] == 1000000 - 110000
    entry = next(t for t in tally["thresholds"] if t["rule"] == "ICV-AS-01-01")
    assert entry["kind"] == "list_entry"
    assert entry["threshold"] == 500000  # the illustrative ICV list's own threshold
    assert entry["value"] == 110000  # reports recording no basis count towards it
    assert entry["level"] == "ok"
    [split] = [s for s in tally["split_exports"] if s["threshold"] == 100000]
    assert split["report_ids"] == sorted([first, second])
    assert split["kind"] == "reading"
    assert split["tier"] == "o16.art8"
    assert split["caution"].startswith("本平台提示：")
    art8 = load_rules().rule("o16.art8", day_of(2026))
    assert split["quotes"] == [{"rule": "o16.art8", "citation": art8.citation, "text": art8.text}]
    assert all("拆分" not in q["text"] for q in split["quotes"])  # O16 Art 8 says nothing of it


def test_a_split_below_the_security_assessment_quotes_the_articles(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T0032", "大数据")
    ids = [_report(client, firm, persons=600000), _report(client, firm, persons=500000)]
    tally = _tally(client, world, firm)
    [split] = [s for s in tally["split_exports"] if s["tier"] == "o16.art7.2"]
    assert split["kind"] == "law"
    assert split["caution"] is None
    assert split["report_ids"] == sorted(ids)
    book = load_rules()
    expected = [
        book.rule(r, day_of(2026)) for r in ("o13.art4.no_splitting", "o20.art5.no_splitting")
    ]
    assert [q["citation"] for q in split["quotes"]] == [
        "《个人信息出境标准合同办法》第四条第三款",
        "《个人信息出境认证办法》第五条第四款",
    ]
    assert [q["text"] for q in split["quotes"]] == [r.text for r in expected]
    assert all("应当通过出境安全评估" in q["text"] for q in split["quotes"])
    assert not [s for s in tally["split_exports"] if s["tier"] == "o16.art8"]  # each ≥ 100,000


def test_tally_feeds_the_next_assessment(client: TestClient, firm: Firm) -> None:
    _report(client, firm, persons=60000)
    _report(client, firm, persons=50000)
    plan = {
        "date": "2026-05-01",
        "processor": {"name": "x"},
        "persons": 10,
        "items": [{"name": "联系人", "pi": "personal"}],
        "recipients": [{"name": "R", "country": "SG"}],
    }
    assert _assessed(client, firm, plan)["plan"]["year_to_date"]["persons"] == 110000
    stated = _assessed(client, firm, {**plan, "year_to_date": {"persons": 5}})
    assert stated["plan"]["year_to_date"]["persons"] == 5  # the plan's own figure wins


def test_exempt_exports_stay_out_of_every_count(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T0045", "人力资源")
    hr = _assessed(client, firm, HR_PLAN)
    assert hr["outcome"]["items"][0]["basis"] == "o16.art5.2"
    hr_report = _draft(client, firm, persons=90000, assessment_id=hr["id"])
    assert hr_report["items_source"] == "assessment"
    assert hr_report["items"][0]["basis"] == "o16.art5.2"
    submitted = client.post(  # the report's recipients are not the plan's: acknowledged
        f"/api/v1/reports/{hr_report['id']}/submit",
        headers=firm["processor_admin"],
        json={**sign(hr_report["version"]), "acknowledge_differences": True},
    )
    assert submitted.status_code == 200, submitted.text
    _report(client, firm, persons=60000)
    tally = _tally(client, world, firm)
    assert (tally["reports"], tally["persons"], tally["persons_sum"]) == (2, 60000, 60000)
    assert tally["outside_count"]["persons"] == 90000
    assert _tier(tally, "o16.art8")["level"] == "ok"  # 150,000 reported, 60,000 count
    assert not tally["split_exports"]  # the HR export is no part of a split
    plan = {**HR_PLAN, "purposes": [], "items": [{"name": "客户", "pi": "personal"}], "persons": 10}
    assert _assessed(client, firm, plan)["plan"]["year_to_date"]["persons"] == 60000
    assert _dashboard_row(client, world, firm)["persons"] == 60000


def test_each_list_entry_has_its_own_count(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T0058", "车载服务")
    off_list = {
        "name": "车主联系信息",
        "pi": "personal",
        "persons": 300000,
        "basis": "cq.art10.unlisted",
        "matched_entries": ["ICV-AS-01-01"],
    }
    _report(client, firm, persons=300000, items=[off_list])
    tally = _tally(client, world, firm)
    assert tally["persons"] == 0  # off the list: out of the national tiers' count
    entries = {t["rule"]: t for t in tally["thresholds"] if t["kind"] == "list_entry"}
    assert entries["ICV-AS-01-01"]["value"] == 300000
    assert entries["ICV-AS-01-01"]["remaining"] == 200000
    assert entries["ICV-AS-01-03"]["value"] == 0  # same scenario, not matched
    hr_item = {**off_list, "basis": "o16.art5.2", "persons": 100000}
    _report(client, firm, persons=100000, items=[hr_item])
    entries = {t["rule"]: t for t in _tally(client, world, firm)["thresholds"]}
    assert entries["ICV-AS-01-01"]["value"] == 300000  # Art 5(2) exports count nowhere


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"basis": "o99.art1"}, "items[0].basis"),
        ({"basis": "pipl.art39"}, "items[0].basis"),  # an obligation decides no pathway
        ({"basis": "o16.art3"}, "items[0].pi"),  # Art 3 is for data without PI
        ({"basis": "o16.art8", "matched_entries": ["ICV-XX-99"]}, "items[0].matched_entries"),
        ({"basis": "o16.art5.4", "persons": 2000}, "items[0].persons"),
        ({"basis": "cq.art10.unlisted", "scenario": ""}, "items[0].basis"),  # no list covers
    ],
)
def test_declared_bases_are_checked_on_submission(
    client: TestClient, world: World, firm: Firm, item: dict[str, Any], field: str
) -> None:
    declared = {"name": "车主信息", "pi": "personal", **item}
    scenario = declared.pop("scenario", "ICV-AS-01")
    draft = _draft(
        client, firm, persons=1000, scenario=scenario, scenario_name="售后", items=[declared]
    )
    refused = _submit(client, firm, draft)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.json()["error"]["message"])


def test_an_assessed_report_takes_no_declared_items(client: TestClient, firm: Firm) -> None:
    assessed = _assessed(client, firm, HR_PLAN)
    item = {"name": "员工信息", "pi": "personal", "basis": "o16.art5.2"}
    refused = client.post(
        "/api/v1/reports",
        headers=firm["processor_user"],
        json=report_body(assessment_id=assessed["id"], items=[item]),
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "items"


def test_a_pending_correction_is_counted_once_everywhere(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T006B", "更正", zone="zone2")
    original = _report(client, firm, persons=25000, export_date="2026-08-01")
    _accept(client, world, firm, original)
    _report(client, firm, persons=79000, export_date="2026-09-01", scenario="ICV-RD-01")
    correction = _draft(
        client, firm, persons=50000, export_date="2026-08-01", supersedes_id=original
    )
    assert _submit(client, firm, correction).status_code == 200

    def figures() -> tuple[int, ...]:
        tally = _tally(client, world, firm)
        row = _dashboard_row(client, world, firm)
        assert row == {k: tally[k] for k in row}  # the dashboard's row is the tally's figures
        zone = client.post(
            "/api/v1/zone-reports", headers=world.auth("zo2"), json={"period": "2026H2"}
        ).json()["figures"]
        plan = {
            **HR_PLAN,
            "purposes": [],
            "items": [{"name": "客户", "pi": "personal"}],
            "persons": 10,
        }
        assessed = _assessed(client, firm, plan)["plan"]["year_to_date"]["persons"]
        return tally["persons"], row["persons"], zone["tally"]["persons"], assessed

    assert figures() == (129000,) * 4  # not 154,000: the correction replaces the original
    second = _draft(client, firm, persons=1, export_date="2026-08-01", supersedes_id=original)
    refused = _submit(client, firm, second)
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "supersedes_id"
    current = client.get(
        f"/api/v1/reports/{correction['id']}", headers=firm["processor_admin"]
    ).json()
    withdrawn = client.post(
        f"/api/v1/reports/{correction['id']}/withdraw",
        headers=firm["processor_admin"],
        json={"version": current["version"], "note": "更正有误，撤回"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["state"] == "withdrawn"
    assert figures() == (104000,) * 4  # the original counts again


def test_only_the_processor_withdraws_and_not_an_accepted_report(
    client: TestClient, world: World, firm: Firm
) -> None:
    draft = _draft(client, firm, persons=5)
    assert _submit(client, firm, draft).status_code == 200
    current = client.get(f"/api/v1/reports/{draft['id']}", headers=firm["processor_admin"]).json()
    body = {"version": current["version"], "note": "撤回"}
    url = f"/api/v1/reports/{draft['id']}/withdraw"
    assert client.post(url, headers=firm["processor_user"], json=body).status_code == 403
    assert client.post(url, headers=world.auth("zo1"), json=body).status_code == 403
    assert client.post(url, headers=firm["processor_admin"], json={"version": 1}).status_code == 422
    _accept(client, world, firm, int(draft["id"]))
    accepted = client.get(f"/api/v1/reports/{draft['id']}", headers=firm["processor_admin"]).json()
    late = client.post(
        url, headers=firm["processor_admin"], json={"version": accepted["version"], "note": "撤回"}
    )
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "illegal_transition"


def test_other_zone_cannot_read_the_tally(client: TestClient, world: World, firm: Firm) -> None:
    _report(client, firm, persons=10)
    pid = firm["pid"]["id"]
    assert (
        client.get(f"/api/v1/tally/processors/{pid}", headers=world.auth("zo2")).status_code == 404
    )
    rows = client.get(
        "/api/v1/tally", headers=world.auth("zo2"), params={"year": 2026, "limit": 200}
    ).json()["items"]
    assert int(pid) not in {r["processor_id"] for r in rows}
    mine = client.get(
        "/api/v1/tally", headers=world.auth("zo1"), params={"year": 2026, "limit": 200}
    ).json()["items"]
    assert int(pid) in {r["processor_id"] for r in mine}


def test_sketches_give_distinct_counts(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T001U", "医疗科技")
    people = [f"P{i:06d}" for i in range(3000)]
    _report(client, firm, sketch=_sketch(people[:2000]), persons=2000)
    _report(client, firm, sketch=_sketch(people[1000:]), persons=2000)  # 1000 persons in both
    tally = _tally(client, world, firm)
    assert tally["persons_sum"] == 4000
    assert tally["basis"] == "sketch"
    assert tally["sketch_problem"] is None
    distinct = tally["distinct"]["persons"]
    assert distinct["lower"] <= 3000 <= distinct["upper"]
    assert tally["persons"] == distinct["upper"] < 4000


def test_a_sketch_never_lowers_the_count_below_a_declared_report(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T007E", "草图")
    small = _report(client, firm, sketch=_sketch([f"A{i}" for i in range(1000)]), persons=60000)
    _report(client, firm, sketch=_sketch([f"B{i}" for i in range(50000)]), persons=50000)
    tally = _tally(client, world, firm)
    assert tally["distinct"]["persons"]["upper"] < 60000  # what the sketches alone would say
    assert 60000 <= tally["persons"] <= 110000
    assert tally["basis"] == "sketch"
    assert f"报告 {small}" in tally["sketch_problem"]
    assert _dashboard_row(client, world, firm)["persons"] == tally["persons"]


def test_partial_sketch_coverage_is_explained(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T008H", "部分草图")
    people = [f"P{i:06d}" for i in range(2000)]
    _report(client, firm, sketch=_sketch(people), persons=2000)
    _report(client, firm, sketch=_sketch(people), persons=2000)  # the same 2000 persons
    bare = _report(client, firm, persons=700)
    tally = _tally(client, world, firm)
    assert tally["basis"] == "partial"
    assert tally["persons"] == min(4700, max(tally["distinct"]["persons"]["upper"], 2000) + 700)
    assert tally["persons"] < 4700
    assert "未附人数草图" in tally["sketch_problem"]
    assert str(bare) in tally["sketch_problem"]


def test_sketches_with_different_salts_are_not_merged(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T002Y", "物流")
    _report(client, firm, sketch=_sketch(["a", "b"], b"one"), persons=2)
    _report(client, firm, sketch=_sketch(["a", "b"], b"two"), persons=2)
    tally = _tally(client, world, firm)
    assert tally["basis"] == "sum"
    assert tally["persons"] == 4
    assert tally["sketch_problem"]


def test_broken_sketch_is_refused(client: TestClient, world: World) -> None:
    draft = client.post("/api/v1/reports", headers=world.auth("pu1a"), json=report_body()).json()
    bad = {**_sketch(["a"]), "sketches": {"persons": "bm90IGEgc2tldGNo"}}
    response = client.put(
        f"/api/v1/reports/{draft['id']}/sketch", headers=world.auth("pu1a"), json=bad
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "sketches"
    wrong = client.put(
        f"/api/v1/reports/{draft['id']}/sketch", headers=world.auth("pu1a"), json={"format": "x"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["field"] == "format"
    submitted = submitted_report(client, world)
    late = client.put(
        f"/api/v1/reports/{submitted['id']}/sketch", headers=world.auth("pu1a"), json=_sketch(["a"])
    )
    assert late.status_code == 409
