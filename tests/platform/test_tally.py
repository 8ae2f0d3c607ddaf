"""The year's tally: sums, tiers from the rules, warnings, split exports, merged sketches."""

from typing import Any

import pyarrow as pa
import pytest
from conftest import World, report_body, sign, submitted_report, token_for
from fastapi.testclient import TestClient

from chujing.platform.db import Database
from chujing.rules import load_rules
from chujing.scan.persons import SketchCounter
from chujing.scan.sketch import to_document

SALT = b"test-salt"


def _sketch(keys: list[str], salt: bytes = SALT) -> dict[str, Any]:
    counter = SketchCounter(salt)
    counter.add(pa.array(keys), pa.array([False] * len(keys)), pa.array([False] * len(keys)))
    return to_document(counter, "cn_resident_id", len(keys), "2026-03-01")


Firm = dict[str, dict[str, str]]


def _new_firm(client: TestClient, world: World, database: Database, uscc: str, tag: str) -> Firm:
    """A fresh processor in zone 1 with a clerk and an administrator (its own tally)."""
    created = client.post(
        "/api/v1/processors",
        headers=world.auth("zo1"),
        json={"uscc": uscc, "name": f"重庆某{tag}有限公司", "zone_id": world.zone1},
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    firm: Firm = {"pid": {"id": str(pid)}}
    for role in ("processor_user", "processor_admin"):
        user = client.post(
            "/api/v1/users",
            headers=world.auth("sa"),
            json={"username": f"{uscc[-4:]}-{role}", "role": role, "processor_id": pid},
        ).json()
        firm[role] = token_for(database, user["id"])
    return firm


@pytest.fixture(scope="module")
def firm(client: TestClient, world: World, database: Database) -> Firm:
    """The processor whose tally the split and warning tests build up."""
    return _new_firm(client, world, database, "91500000MA5U0T000Q", "车联网")


def _report(client: TestClient, firm: Firm, sketch: dict[str, Any] | None = None, **kw: Any) -> int:
    draft = client.post(
        "/api/v1/reports", headers=firm["processor_user"], json=report_body(**kw)
    ).json()
    if sketch is not None:
        attached = client.put(
            f"/api/v1/reports/{draft['id']}/sketch", headers=firm["processor_user"], json=sketch
        )
        assert attached.status_code == 200, attached.text
    submitted = client.post(
        f"/api/v1/reports/{draft['id']}/submit",
        headers=firm["processor_admin"],
        json=sign(draft["version"]),
    )
    assert submitted.status_code == 200, submitted.text
    return int(draft["id"])


def _tally(client: TestClient, world: World, firm: Firm) -> dict[str, Any]:
    pid = firm["pid"]["id"]
    response = client.get(
        f"/api/v1/tally/processors/{pid}", headers=world.auth("zo1"), params={"year": 2026}
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


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


def test_split_exports_and_warnings(client: TestClient, world: World, firm: Firm) -> None:
    first = _report(client, firm, persons=60000)
    second = _report(client, firm, persons=50000)
    tally = _tally(client, world, firm)
    assert tally["persons_sum"] == 110000
    assert tally["basis"] == "sum"
    tier = next(
        t for t in tally["thresholds"] if t["rule"] == "o16.art8" and t["measure"] == "persons"
    )
    assert tier["level"] == "reached"
    top = next(
        t for t in tally["thresholds"] if t["rule"] == "o16.art7.2" and t["measure"] == "persons"
    )
    assert top["level"] == "ok"
    assert top["remaining"] == 1000000 - 110000
    entry = next(t for t in tally["thresholds"] if t["rule"] == "ICV-AS-01-01")
    assert entry["kind"] == "list_entry"
    assert entry["threshold"] == 500000  # the illustrative ICV list's own threshold
    assert entry["remaining"] == 500000 - 110000
    assert entry["level"] == "ok"
    splits = [s for s in tally["split_exports"] if s["threshold"] == 100000]
    assert splits
    assert splits[0]["report_ids"] == sorted([first, second])
    assert splits[0]["rule"] == "o16.no_splitting"


def test_tally_feeds_the_next_assessment(client: TestClient, firm: Firm) -> None:
    plan = {
        "date": "2026-05-01",
        "processor": {"name": "x"},
        "persons": 10,
        "items": [{"name": "联系人", "pi": "personal"}],
        "recipients": [{"name": "R", "country": "SG"}],
    }
    response = client.post(
        "/api/v1/assessments", headers=firm["processor_user"], json={"plan": plan}
    )
    assert response.status_code == 201, response.text
    assert response.json()["plan"]["year_to_date"]["persons"] >= 110000


def test_other_zone_cannot_read_the_tally(client: TestClient, world: World, firm: Firm) -> None:
    pid = firm["pid"]["id"]
    assert (
        client.get(f"/api/v1/tally/processors/{pid}", headers=world.auth("zo2")).status_code == 404
    )
    rows = client.get("/api/v1/tally", headers=world.auth("zo2"), params={"year": 2026}).json()[
        "items"
    ]
    assert int(pid) not in {r["processor_id"] for r in rows}
    mine = client.get("/api/v1/tally", headers=world.auth("zo1"), params={"year": 2026}).json()[
        "items"
    ]
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
    distinct = tally["distinct"]["persons"]
    assert distinct["lower"] <= 3000 <= distinct["upper"]
    assert tally["persons"] == distinct["upper"] < 4000


def test_sketches_with_different_salts_are_not_merged(
    client: TestClient, world: World, database: Database
) -> None:
    firm = _new_firm(client, world, database, "91500000MA5U0T002Y", "物流")
    _report(client, firm, sketch=_sketch(["a", "b"], b"one"), persons=2)
    _report(client, firm, sketch=_sketch(["a", "b"], b"two"), persons=2)
    tally = _tally(client, world, firm)
    assert tally["basis"] == "sum"
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
