"""Zones, departments and processors over the API: validation, isolation, optimistic locking."""

import random

from fastapi.testclient import TestClient

from chujing.ids import uscc_check_char
from chujing.synth import values
from conftest import World


def _uscc(seed: int) -> str:
    return values.uscc(random.Random(seed))


def test_seeded_zones_and_departments_are_listed(client: TestClient, world: World) -> None:
    zones = client.get("/api/v1/zones", headers=world.auth("pu1a")).json()
    assert {z["code"] for z in zones["items"]} >= {"liangjiang", "xiyong", "guoyuangang"}
    departments = client.get(
        "/api/v1/departments", params={"kind": "coordinating"}, headers=world.auth("mo")
    ).json()
    assert {d["short_name"] for d in departments["items"]} == {
        "市网信办",
        "市商务委",
        "市大数据发展局",
    }


def test_register_refuses_a_wrong_check_character(client: TestClient, world: World) -> None:
    good = _uscc(1)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(
        "/api/v1/processors",
        headers=world.auth("zo1"),
        json={"uscc": bad, "name": "重庆某公司", "zone_id": world.zone1},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "uscc"


def test_zone_officer_registers_only_in_own_zone(client: TestClient, world: World) -> None:
    body = {"uscc": _uscc(2), "name": "重庆某物流有限公司", "zone_id": world.zone2}
    refused = client.post("/api/v1/processors", headers=world.auth("zo1"), json=body)
    assert refused.status_code == 403
    created = client.post("/api/v1/processors", headers=world.auth("zo2"), json=body)
    assert created.status_code == 201
    duplicate = client.post("/api/v1/processors", headers=world.auth("zo2"), json=body)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["field"] == "uscc"


def test_processor_lists_are_scoped(client: TestClient, world: World) -> None:
    def ids(who: str) -> set[int]:
        page = client.get("/api/v1/processors", headers=world.auth(who), params={"limit": 200})
        return {p["id"] for p in page.json()["items"]}

    assert ids("pu1a") == {world.p1a}
    assert world.p2 not in ids("zo1")
    assert {world.p1a, world.p1b} <= ids("zo1")
    assert world.p1a not in ids("zo2")
    assert {world.p1a, world.p1b, world.p2} <= ids("mo")
    assert world.p1b in ids("mo_health")
    assert world.p1a not in ids("mo_health")


def test_other_zone_and_other_org_get_404(client: TestClient, world: World) -> None:
    for who in ("zo2", "pu1b", "pa2", "mo_health"):
        response = client.get(f"/api/v1/processors/{world.p1a}", headers=world.auth(who))
        assert response.status_code == 404, who
    for who in ("zo1", "pu1a", "mo"):
        assert (
            client.get(f"/api/v1/processors/{world.p1a}", headers=world.auth(who)).status_code
            == 200
        )


def test_stale_version_is_refused_with_409(client: TestClient, world: World) -> None:
    url = f"/api/v1/processors/{world.p1a}"
    version = client.get(url, headers=world.auth("zo1")).json()["version"]
    first = client.patch(
        url, headers=world.auth("zo1"), json={"version": version, "contact_name": "王经理"}
    )
    assert first.status_code == 200
    assert first.json()["version"] == version + 1
    second = client.patch(
        url, headers=world.auth("pa1a"), json={"version": version, "contact_name": "李经理"}
    )
    assert second.status_code == 409
    assert second.json()["error"] == {
        "code": "stale",
        "message": second.json()["error"]["message"],
        "field": "version",
    }


def test_enterprise_admin_edits_contacts_only(client: TestClient, world: World) -> None:
    url = f"/api/v1/processors/{world.p1a}"
    version = client.get(url, headers=world.auth("pa1a")).json()["version"]
    refused = client.patch(url, headers=world.auth("pa1a"), json={"version": version, "ciio": True})
    assert refused.status_code == 403
    assert refused.json()["error"]["field"] == "ciio"
    ok = client.patch(
        url, headers=world.auth("pa1a"), json={"version": version, "contact_phone": "023-12345678"}
    )
    assert ok.status_code == 200


def test_filters_and_pagination(client: TestClient, world: World) -> None:
    headers = world.auth("mo")
    page = client.get("/api/v1/processors", headers=headers, params={"limit": 1, "offset": 1})
    body = page.json()
    assert body["limit"] == 1
    assert body["offset"] == 1
    assert len(body["items"]) == 1
    assert body["total"] >= 3
    sector = client.get("/api/v1/processors", headers=headers, params={"sector": "医疗健康"}).json()
    assert {p["sector"] for p in sector["items"]} == {"医疗健康"}
    too_big = client.get("/api/v1/processors", headers=headers, params={"limit": 10_000})
    assert too_big.status_code == 422
    assert too_big.json()["error"]["field"] == "limit"


def test_uscc_alphabet_is_checked_before_the_database(client: TestClient, world: World) -> None:
    first17 = "91500000MA5U0000I"  # I is not in the GB 32100 alphabet
    response = client.post(
        "/api/v1/processors",
        headers=world.auth("sa"),
        json={"uscc": first17 + "0", "name": "x", "zone_id": world.zone1},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "uscc"
    assert uscc_check_char("91500000MA5U00000") in "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_oversized_body_is_refused_with_413(client: TestClient, world: World) -> None:
    big = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/v1/experts",
        headers={**world.auth("sa"), "content-type": "application/json"},
        content=big,
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
