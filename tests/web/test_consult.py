"""Consultations: asked by the enterprise, answered by its zone, published anonymised."""

import re

from fastapi.testclient import TestClient

from .conftest import csrf_of, sign_in
from .world import World


def test_ask_answer_publish(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    asked = client.post(
        "/consultations",
        data={
            "csrf_token": csrf_of(client, "/consultations"),
            "subject": "车主手机号出境是否在清单内",
            "question": "我司向德国售后网点提供车主手机号，是否适用清单？联系电话13800138000",
        },
        follow_redirects=False,
    )
    assert asked.status_code == 303
    zone = TestClient(client.app)
    sign_in(zone, "zone2")
    assert "车主手机号出境" not in zone.get("/consultations").text  # another zone's question
    sign_in(zone, "zone1")
    page = zone.get("/consultations").text
    consultation, version = re.search(  # type: ignore[union-attr]
        r'action="/consultations/(\d+)/answer".*?name="version" value="(\d+)"', page, re.S
    ).groups()
    answered = zone.post(
        f"/consultations/{consultation}/answer",
        data={
            "csrf_token": csrf_of(zone, "/consultations"),
            "version": version,
            "answer": "售后服务场景下的车主信息列入清单，请按清单办理。",
        },
        follow_redirects=False,
    )
    assert answered.status_code == 303
    assert "请按清单办理" in client.get("/consultations").text
    page = zone.get("/consultations").text
    version = re.search(  # type: ignore[union-attr]
        rf'action="/consultations/{consultation}/publish".*?name="version" value="(\d+)"',
        page,
        re.S,
    ).group(1)
    published = zone.post(
        f"/consultations/{consultation}/publish",
        data={"csrf_token": csrf_of(zone, "/consultations"), "version": version},
        follow_redirects=False,
    )
    assert published.status_code == 303
    faq = TestClient(client.app).get("/faq").text
    assert "请按清单办理" in faq
    assert "13800138000" not in faq
