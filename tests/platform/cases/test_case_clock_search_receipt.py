"""Cases beyond their number: the 办理时限 countdown on working days, search by 办件编号
within the caller's scope, the receipt route, the guides' citations, and what changed
since an officer's previous sign-in."""

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient

from chujing.platform.cases import guides, service
from chujing.platform.cases.models import Case, CaseKind
from chujing.platform.db import Database
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal
from chujing.platform.settings import Settings
from conftest import World, submitted_report


def _case(opened: datetime, kind: CaseKind = CaseKind.report) -> Case:
    return Case(number="LJ-BG-20261001-0001", kind=kind.value, entity_id=1, opened_at=opened)


def test_the_countdown_counts_working_days_and_skips_the_national_holiday() -> None:
    settings = Settings()
    limit = service.time_limit(CaseKind.report, settings)
    assert limit == guides.guide("report").time_limit_working_days == 5
    # submitted on Monday 28 September 2026 (08:00 in Chongqing); 1–7 October are holidays
    opened = datetime(2026, 9, 28, 0, 0, tzinfo=UTC)
    clock = service.countdown(_case(opened), settings, on=date(2026, 9, 28))
    assert clock is not None
    assert clock.due > date(2026, 10, 7)  # five working days do not end inside the holiday
    assert clock.left == 5
    later = service.countdown(_case(opened), settings, on=clock.due + timedelta(days=1))
    assert later is not None
    assert later.overdue  # the day after, even a Sunday
    assert "已超期 1 个工作日" in later.words
    due_day = service.countdown(_case(opened), settings, on=clock.due)
    assert due_day is not None
    assert due_day.words.startswith("今日到期")


def test_a_consultation_takes_its_limit_from_the_setting() -> None:
    settings = Settings(consultation_answer_working_days=7)
    assert service.time_limit(CaseKind.consultation, settings) == 7


def test_an_accepted_case_has_no_countdown() -> None:
    case = _case(datetime(2026, 9, 28, tzinfo=UTC))
    case.accepted_at = datetime(2026, 9, 29, tzinfo=UTC)
    assert service.countdown(case, Settings()) is None


def test_every_guide_cites_the_rule_book_and_lists_materials() -> None:
    for step, found in guides.guides().steps.items():
        assert found.citations, step
        assert all(c.startswith("《") for c in found.citations), step
        assert any(m.required for m in found.materials), step
    for kind in CaseKind:
        assert guides.for_kind(kind).case_kind is kind


def test_search_by_number_stays_within_scope(client: TestClient, world: World) -> None:
    report = submitted_report(client, world)
    number = report["case_number"]
    for who in ("zo1", "mo", "pa1a"):
        found = client.get("/api/v1/cases", params={"number": number[-8:]}, headers=world.auth(who))
        assert found.status_code == 200, found.text
        assert number in {c["number"] for c in found.json()["items"]}, who
    for who in ("zo2", "pa2"):
        found = client.get("/api/v1/cases", params={"number": number}, headers=world.auth(who))
        assert found.json()["items"] == [], who
    one = client.get(f"/api/v1/cases/report/{report['id']}", headers=world.auth("zo1")).json()
    assert one["countdown"]["limit_working_days"] == 5
    assert one["page"] == f"/reports/{report['id']}"
    refused = client.get(f"/api/v1/cases/report/{report['id']}", headers=world.auth("zo2"))
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] == "办件不存在"


def test_the_receipt_route_answers_once_accepted_and_only_to_those_concerned(
    client: TestClient, world: World
) -> None:
    report = submitted_report(client, world)
    path = f"/api/v1/cases/report/{report['id']}/receipt"
    early = client.get(path, headers=world.auth("pa1a"))
    assert early.status_code == 409
    assert "尚未受理" in early.json()["error"]["message"]
    accepted = client.post(
        f"/api/v1/reports/{report['id']}/accept",
        headers=world.auth("zo1"),
        json={"version": report["version"]},
    )
    assert accepted.status_code == 200, accepted.text
    receipt = client.get(path, headers=world.auth("pa1a"))
    assert receipt.status_code == 200, receipt.text
    body = receipt.json()
    assert body["number"] == report["case_number"]
    assert body["accepted_by"] == "zo1"
    assert body["documents"]["pdf"] == f"/cases/report/{report['id']}/receipt.pdf"
    for who in ("pa2", "zo2"):
        assert client.get(path, headers=world.auth(who)).status_code == 404
    assert (
        client.get("/api/v1/cases/nonsense/1/receipt", headers=world.auth("pa1a")).status_code
        == 422
    )
    after = client.get(f"/api/v1/cases/report/{report['id']}", headers=world.auth("pa1a"))
    assert after.json()["countdown"] is None


def test_changes_since_the_previous_sign_in_are_others_changes_in_scope(
    client: TestClient, world: World, database: Database
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    report = submitted_report(client, world)
    zone1 = Principal(user_id=None, username="zo1", role=Role.zone_officer, zone_id=world.zone1)
    zone2 = Principal(user_id=None, username="zo2", role=Role.zone_officer, zone_id=world.zone2)
    with database.transaction() as db:
        seen = service.changed_since(db, actor=zone1, since=since)
        numbers = {c.case.number for c in seen}
        assert report["case_number"] in numbers
        assert all(c.last_actor != "zo1" for c in seen)
        assert service.changed_count(db, actor=zone1, since=since) == len(seen) > 0
        assert report["case_number"] not in {
            c.case.number for c in service.changed_since(db, actor=zone2, since=since)
        }
        future = datetime.now(UTC) + timedelta(days=1)
        assert service.changed_since(db, actor=zone1, since=future) == []
        assert service.changed_count(db, actor=zone1, since=future) == 0
