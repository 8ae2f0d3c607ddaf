"""Consultations: asked by the enterprise, answered by its zone, published anonymised."""

import re

from fastapi.testclient import TestClient

from .conftest import form_inputs, post_form, sign_in
from .world import World


def test_ask_answer_publish(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    question = "我司向德国售后网点提供车主手机号，是否适用清单？联系电话13800138000"
    post_form(client, "/consultations", subject="车主手机号出境是否在清单内", question=question)
    zone = TestClient(client.app)
    sign_in(zone, "zone2")
    assert "车主手机号出境" not in zone.get("/consultations").text  # another zone's question
    sign_in(zone, "zone1")
    page = zone.get("/consultations").text
    consultation, version = re.search(  # type: ignore[union-attr]
        r'action="/consultations/(\d+)/answer".*?name="version" value="(\d+)"', page, re.S
    ).groups()
    answer = "售后服务场景下的车主信息列入清单，请按清单办理。"
    answering = f"/consultations/{consultation}/answer"
    post_form(zone, answering, "/consultations", version=version, answer=answer)
    assert "请按清单办理" in client.get("/consultations").text
    publishing = f"/consultations/{consultation}/publish"
    version = form_inputs(zone.get("/consultations").text, publishing)["version"]
    post_form(zone, publishing, "/consultations", version=version)
    faq = TestClient(client.app).get("/faq").text
    assert "请按清单办理" in faq
    assert "13800138000" not in faq
