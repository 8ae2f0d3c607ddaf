"""The zone's risk view and the referrals page's visibility."""

import re

from fastapi.testclient import TestClient

from chujing.platform.principal import cli_principal
from chujing.platform.supervision import orders
from chujing.platform.supervision.models import ReferralIn

from .conftest import post_form, sign_in
from .world import World


def test_zone_sets_a_risk_level_of_its_own_processor_only(client: TestClient, world: World) -> None:
    sign_in(client, "zone1")
    page = client.get("/zone/risk").text
    assert f'action="/zone/risk/{world.ids["p1"]}"' in page
    assert f'action="/zone/risk/{world.ids["p2"]}"' not in page  # another zone's processor
    post_form(
        client, f"/zone/risk/{world.ids['p1']}", "/zone/risk", level="high", reason="曾发生事件"
    )
    page = client.get("/zone/risk").text
    row = page.split(f'action="/zone/risk/{world.ids["p1"]}"')[0].rsplit("<tr>", 1)[1]
    assert re.search(r'tag-bad">高<', row)
    post_form(
        client, f"/zone/risk/{world.ids['p2']}", "/zone/risk", status=422, level="high", reason="x"
    )


def test_referrals_are_seen_by_the_liaison_and_the_city_only(
    client: TestClient, world: World
) -> None:
    database = client.app.state.database  # type: ignore[attr-defined]
    with database.transaction() as db:
        orders.refer(
            db_session=db,
            actor=cli_principal(),
            data=ReferralIn(
                processor_id=world.ids["p1"], department="police", reason="疑似非法出境数据"
            ),
        )
    for who in ("police1", "city"):
        sign_in(client, who)
        assert "疑似非法出境数据" in client.get("/referrals").text
    sign_in(client, "zone1")
    assert client.get("/referrals").status_code == 403


def test_zone_registers_a_processor_with_a_valid_uscc_only(
    client: TestClient, world: World
) -> None:
    import random

    from chujing.synth import values

    uscc = values.uscc(random.Random(99))
    sign_in(client, "zone1")
    bad = post_form(
        client,
        "/zone/processors",
        "/zone/risk",
        status=422,
        uscc=uscc[:-1] + ("0" if uscc[-1] != "0" else "1"),
        name="测试单位",
    )
    assert "统一社会信用代码" in bad.text
    post_form(
        client,
        "/zone/processors",
        "/zone/risk",
        uscc=uscc,
        name="重庆测试登记有限公司",
        sector="医疗健康",
    )
    assert "重庆测试登记有限公司" in client.get("/zone/risk").text
