"""The list-drafting state machine: illegal moves refused, every move audited, publication
effective for the engine from valid_from, earlier versions answering for past dates."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chujing.platform.db import Database, utcnow
from chujing.platform.demo_regulators import complete_survey_and_review
from chujing.platform.listcycle import versions
from chujing.platform.listcycle.models import ListVersion
from chujing.rules import load_lists
from conftest import World

SHIPPED = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")


def _content(version: str, valid_from: str, valid_until: str = "2027-08-31") -> dict[str, Any]:
    content: dict[str, Any] = SHIPPED.model_dump(mode="json")
    content.pop("published")
    content.update(version=version, valid_from=valid_from, valid_until=valid_until)
    return content


def _move(
    client: TestClient, world: World, draft: dict[str, Any], action: str, **extra: Any
) -> Any:
    return client.post(
        f"/api/v1/lists/drafts/{draft['id']}/transitions/{action}",
        headers=world.auth("mo"),
        json={"version": draft["version"], **extra},
    )


def _draft(client: TestClient, world: World, **extra: Any) -> dict[str, Any]:
    body = {"list_id": "cq-ftz-icv", "sector": "智能网联汽车", "title": "智能网联汽车清单", **extra}
    response = client.post("/api/v1/lists/drafts", headers=world.auth("mo"), json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _to_consultation(
    client: TestClient, world: World, content: dict[str, Any], *, reviewed: bool = True
) -> dict[str, Any]:
    """A draft under consultation; `reviewed`: with its survey done and an expert's comment
    resolved (what Art 9 asks before approval)."""
    draft: dict[str, Any] = _draft(client, world)
    put = client.put(
        f"/api/v1/lists/drafts/{draft['id']}/content",
        headers=world.auth("mo"),
        json={"version": draft["version"], "content": content},
    )
    assert put.status_code == 200, put.text
    draft = put.json()
    for action in ("identify", "analyse", "consult"):
        response = _move(client, world, draft, action)
        assert response.status_code == 200, response.text
        draft = response.json()
    if reviewed:
        with client.app.state.database.transaction() as db:  # type: ignore[attr-defined]
            complete_survey_and_review(db, draft["id"])
    return draft


def _publish(client: TestClient, world: World, content: dict[str, Any]) -> dict[str, Any]:
    draft = _to_consultation(client, world, content)
    draft = _move(client, world, draft, "approve", ref="渝网信委〔2026〕1号").json()
    draft = _move(client, world, draft, "file", ref="国网备〔2026〕8号").json()
    response = client.post(
        f"/api/v1/lists/drafts/{draft['id']}/publish",
        headers=world.auth("mo"),
        json={"version": draft["version"]},
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_only_the_coordinating_bureaus_draft(client: TestClient, world: World) -> None:
    body = {"list_id": "cq-ftz-x", "sector": "医疗健康", "title": "医疗健康清单"}
    assert (
        client.post("/api/v1/lists/drafts", headers=world.auth("zo1"), json=body).status_code == 403
    )
    regulator = client.post("/api/v1/lists/drafts", headers=world.auth("mo_health"), json=body)
    assert regulator.status_code == 403
    assert (
        client.post("/api/v1/lists/drafts", headers=world.auth("pu1a"), json=body).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ([], "analyse"),
        ([], "approve"),
        ([], "file"),
        (["identify"], "consult"),
        (["identify", "analyse"], "revise"),
    ],
)
def test_illegal_transitions_are_refused(
    client: TestClient, world: World, path: list[str], action: str
) -> None:
    draft = _draft(client, world)
    for step in path:
        draft = _move(client, world, draft, step).json()
    response = _move(client, world, draft, action, ref="x")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"


def test_publish_only_through_a_filed_draft(client: TestClient, world: World) -> None:
    draft = _draft(client, world)
    response = client.post(
        f"/api/v1/lists/drafts/{draft['id']}/publish",
        headers=world.auth("mo"),
        json={"version": draft["version"]},
    )
    assert response.status_code in (409, 422)


def test_comments_must_be_resolved_before_approval(client: TestClient, world: World) -> None:
    draft = _to_consultation(client, world, _content("2026.9", "2026-09-01"))
    url = f"/api/v1/lists/drafts/{draft['id']}/comments"
    expert = client.post(
        url, headers=world.auth("ex"), json={"text": "建议细化字段", "entry_code": "ICV-RD-01-01"}
    )
    department = client.post(url, headers=world.auth("mo_health"), json={"text": "无意见"})
    assert expert.status_code == department.status_code == 201
    assert expert.json()["author_kind"] == "expert"
    assert department.json()["author_kind"] == "department"
    refused = _move(client, world, draft, "approve", ref="渝网信委〔2026〕2号")
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "comments"
    for comment in (expert.json(), department.json()):
        resolved = client.post(
            f"/api/v1/lists/comments/{comment['id']}/resolution",
            headers=world.auth("mo"),
            json={"resolution": "adopted", "note": "已采纳"},
        )
        assert resolved.status_code == 200
    without_ref = _move(client, world, draft, "approve")
    assert without_ref.status_code == 422
    assert without_ref.json()["error"]["field"] == "ref"
    approved = _move(client, world, draft, "approve", ref="渝网信委〔2026〕2号")
    assert approved.status_code == 200
    late = client.post(url, headers=world.auth("ex"), json={"text": "迟到的意见"})
    assert late.status_code == 409


def test_approval_needs_a_completed_survey_and_an_expert_review(
    client: TestClient, world: World
) -> None:
    draft = _to_consultation(client, world, _content("2026.8", "2026-08-01"), reviewed=False)
    refused = _move(client, world, draft, "approve", ref="渝网信委〔2026〕3号")
    assert refused.status_code == 409
    message = refused.json()["error"]["message"]
    assert "尚未完成需求调研" in message
    assert "尚无专家论证意见" in message
    url = f"/api/v1/lists/drafts/{draft['id']}/comments"
    department = client.post(url, headers=world.auth("mo_health"), json={"text": "无意见"})
    assert department.status_code == 201
    assert department.json()["case_number"].startswith("CQ-YJ-")
    still = _move(client, world, draft, "approve", ref="渝网信委〔2026〕3号").json()
    assert "尚无专家论证意见" in still["error"]["message"]  # a department is no expert
    assert "1 条专家或部门意见未记录处理结果" in still["error"]["message"]


def test_every_transition_is_an_event_and_an_audit_entry(client: TestClient, world: World) -> None:
    published = _publish(client, world, _content("2026.1", "2026-01-01"))
    version = client.get(
        f"/api/v1/lists/versions/{published['id']}", headers=world.auth("pu1a")
    ).json()
    drafts = client.get(
        "/api/v1/lists/drafts", headers=world.auth("mo"), params={"stage": "published"}
    )
    draft = next(d for d in drafts.json()["items"] if d["content"]["version"] == "2026.1")
    events = client.get(
        f"/api/v1/lists/drafts/{draft['id']}/events", headers=world.auth("mo")
    ).json()
    assert [e["action"] for e in events] == [
        "identify",
        "analyse",
        "consult",
        "approve",
        "file",
        "publish",
    ]
    audit = client.get(
        "/api/v1/audit",
        headers=world.auth("au"),
        params={"entity": "list_draft", "entity_id": str(draft["id"]), "limit": 50},
    ).json()["items"]
    actions = sorted(e["action"] for e in audit)
    assert actions == sorted(
        ["list_draft.create", "list_draft.content"]
        + [
            f"list_draft.{a}"
            for a in ("identify", "analyse", "consult", "approve", "file", "publish")
        ]
    )
    assert all(
        e["before_hash"] and e["after_hash"] for e in audit if e["action"] != "list_draft.create"
    )
    assert version["state"] == "published"
    assert version["content"]["version"] == "2026.1"


def _effective(database: Database, day: date) -> set[tuple[str, str]]:
    with database.transaction(write=False) as db:
        return {(lst.id, lst.version) for lst in versions.effective_lists(db_session=db, on=day)}


def _icv_on(database: Database, day: date) -> str | None:
    found = [v for i, v in _effective(database, day) if i == "cq-ftz-icv"]
    return found[0] if found else None


def test_publication_takes_effect_from_valid_from(
    client: TestClient, world: World, database: Database
) -> None:
    first = _publish(client, world, _content("2026.3", "2026-03-01"))
    second = _publish(client, world, _content("2026.7", "2026-07-01"))
    assert _icv_on(database, date(2026, 6, 30)) == "2026.3"
    assert _icv_on(database, date(2026, 7, 1)) == "2026.7"
    assert _icv_on(database, date(2026, 3, 1)) == "2026.3"
    assert _icv_on(database, date(2025, 12, 31)) == "2025.1", "the shipped seed version"
    assert _icv_on(database, date(2027, 9, 1)) is None
    shipped_fallback = {i for i, _ in _effective(database, date(2026, 7, 1))}
    assert {"bj-ftz-pharma", "zj-ftz-ecommerce"} <= shipped_fallback
    diff = client.get(
        f"/api/v1/lists/versions/{second['id']}/diff",
        headers=world.auth("pu1a"),
        params={"against": first["id"]},
    )
    assert diff.status_code == 200
    changed = diff.json()[0]
    assert changed["kind"] == "list"
    assert set(changed["fields"]) >= {"version", "valid_from"}
    repeal = client.post(
        f"/api/v1/lists/versions/{second['id']}/repeal",
        headers=world.auth("mo"),
        json={"on": "2026-10-01", "reason": "并入新版清单"},
    )
    assert repeal.status_code == 200
    assert ("cq-ftz-icv", "2026.7") not in _effective(database, date(2026, 10, 1))
    assert ("cq-ftz-icv", "2026.7") in _effective(database, date(2026, 9, 30))
    again = client.post(
        f"/api/v1/lists/versions/{second['id']}/repeal",
        headers=world.auth("mo"),
        json={"on": "2026-10-02", "reason": "重复"},
    )
    assert again.status_code == 409


def test_validity_countdown_and_expiry_warning() -> None:
    row = ListVersion(
        id=1,
        list_id="x",
        list_version="1",
        sector="s",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        state="published",
        content={},
        published_at=utcnow(),
    )
    near = versions.countdown(row, date(2026, 11, 1))
    far = versions.countdown(row, date(2026, 2, 1))
    assert near.days_left == 60
    assert near.expiry_warning
    assert far.days_left == 333
    assert not far.expiry_warning
    assert versions.countdown(row, date(2027, 1, 1)).days_left is None


def test_assessments_use_the_version_published_on_the_platform(
    client: TestClient, world: World
) -> None:
    # later than every other version this module publishes, so it is the one in force
    content = _content("2026.11", "2026-11-01")
    after_sales = next(s for s in content["scenarios"] if s["code"] == "ICV-AS-01")
    after_sales["entries"].append(
        {
            "code": "ICV-AS-01-09",
            "name": "会员画像",
            "category": 16,
            "data_type": "important_data",
            "fields": ["会员画像"],
            "pathway": "security_assessment",
        }
    )
    _publish(client, world, content)
    plan = {
        "date": "2026-11-15",
        "processor": {"name": "任意", "ftz": "registered"},
        "items": [{"name": "会员画像", "list_entry": "ICV-AS-01-09"}],
    }
    response = client.post(
        "/api/v1/assessments", headers=world.auth("pu1a"), json={"title": "画像", "plan": plan}
    )
    assert response.status_code == 201, response.text
    outcome = response.json()["outcome"]
    assert outcome["pathway"] == "security_assessment"
    assert outcome["negative_list"]["version"] == "2026.11"
    assert outcome["negative_list"]["matched_entries"] == ["ICV-AS-01-09"]


@pytest.mark.parametrize(
    ("path", "body", "message", "field"),
    [
        ("drafts/{}", None, "清单草案不存在", "draft_id"),
        ("versions/{}", None, "清单版本不存在", "version_id"),
        ("surveys/{}/answers", None, "调研问卷不存在", "survey_id"),
        (
            "comments/{}/resolution",
            {"resolution": "adopted", "note": "采纳"},
            "意见不存在",
            "comment_id",
        ),
    ],
)
def test_a_missing_record_is_not_found_by_its_name(
    client: TestClient, world: World, path: str, body: Any, message: str, field: str
) -> None:
    url = "/api/v1/lists/" + path.format(2**31 - 1)
    headers = world.auth("mo")
    response = (
        client.post(url, headers=headers, json=body) if body else client.get(url, headers=headers)
    )
    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_found", "message": message, "field": field}
