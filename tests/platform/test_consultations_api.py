"""Art 6 consultations: deadlines in working days, answers, anonymised FAQ."""

from fastapi.testclient import TestClient

from chujing.platform import clock
from chujing.platform.consultations.service import anonymise
from chujing.platform.orgs.models import Processor
from chujing.workdays import add_working_days
from conftest import World


def test_question_answer_and_anonymised_faq(client: TestClient, world: World) -> None:
    me = client.get(f"/api/v1/processors/{world.p1a}", headers=world.auth("pu1a")).json()
    question = (
        f"{me['name']}（{me['uscc']}）向德国传输车主手机号，联系人手机13812345678，是否在清单内？"
    )
    asked = client.post(
        "/api/v1/consultations",
        headers=world.auth("pu1a"),
        json={"subject": "售后服务场景", "question": question},
    )
    assert asked.status_code == 201
    consultation = asked.json()
    assert consultation["due_on"] == add_working_days(clock.today(), 5).isoformat()
    assert consultation["overdue"] is False
    assert (
        client.get(
            f"/api/v1/consultations/{consultation['id']}", headers=world.auth("zo2")
        ).status_code
        == 404
    )
    early = client.post(
        f"/api/v1/consultations/{consultation['id']}/publish",
        headers=world.auth("zo1"),
        json={"version": consultation["version"]},
    )
    assert early.status_code == 409
    answered = client.post(
        f"/api/v1/consultations/{consultation['id']}/answer",
        headers=world.auth("zo1"),
        json={
            "version": consultation["version"],
            "answer": "售后服务场景下的车主联系信息不在清单内。",
        },
    )
    assert answered.status_code == 200
    assert answered.json()["state"] == "answered"
    published = client.post(
        f"/api/v1/consultations/{consultation['id']}/publish",
        headers=world.auth("zo1"),
        json={"version": answered.json()["version"]},
    )
    assert published.status_code == 201
    faq = published.json()
    assert me["name"] not in faq["question"]
    assert me["uscc"] not in faq["question"]
    assert "13812345678" not in faq["question"]
    public = TestClient(client.app).get("/api/v1/faq", params={"q": "售后"})
    assert public.status_code == 200
    assert faq["id"] in {f["id"] for f in public.json()["items"]}


def test_answer_twice_is_refused(client: TestClient, world: World) -> None:
    asked = client.post(
        "/api/v1/consultations", headers=world.auth("pu1a"), json={"subject": "s", "question": "q"}
    ).json()
    url = f"/api/v1/consultations/{asked['id']}/answer"
    first = client.post(
        url, headers=world.auth("zo1"), json={"version": asked["version"], "answer": "a"}
    )
    assert first.status_code == 200
    second = client.post(
        url, headers=world.auth("zo1"), json={"version": first.json()["version"], "answer": "b"}
    )
    assert second.status_code == 409
    assert (
        client.post(url, headers=world.auth("pu1a"), json={"version": 1, "answer": "c"}).status_code
        == 403
    )


def test_overdue_filter(client: TestClient, world: World) -> None:
    open_items = client.get(
        "/api/v1/consultations",
        headers=world.auth("zo1"),
        params={"overdue": "false", "state": "open"},
    ).json()
    assert all(not c["overdue"] for c in open_items["items"])


def test_anonymise_masks_identifiers() -> None:
    processor = Processor(
        name="重庆某某科技有限公司",
        uscc="91500000MA5U0T000Q",
        contact_name="王五",
        contact_phone="",
        contact_email="",
    )
    text = anonymise(
        "重庆某某科技有限公司王五，邮箱 a.b@example.com，"
        "身份证110101199003074514，电话023-63212345",
        processor,
    )
    for secret in ("重庆某某科技", "王五", "a.b@example.com", "110101199003074514", "023-63212345"):
        assert secret not in text
