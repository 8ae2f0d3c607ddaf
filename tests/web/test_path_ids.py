"""Every route, pages and API, with ids that cannot exist (past INTEGER, past BIGINT): a 404
or a 422 (or the refusal of the caller's right that comes first), never a server error."""

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from chujing.platform.accounts import service as accounts
from chujing.platform.db import utcnow
from chujing.platform.principal import cli_principal
from chujing.platform.settings import Settings

from .conftest import sign_in
from .world import World

BAD_IDS = [str(2**31), str(2**63)]
ROLES = ["ent1", "zone1", "city", "admin1"]  # between them every right of a route
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
REFUSALS = {401, 403, 404, 405, 422}


def _routes(app: Any, api: bool) -> list[tuple[str, str]]:
    """(method, full path) of every route with a path parameter, included routers too."""
    found = []
    for mounted in app.routes:
        contexts = getattr(mounted, "effective_route_contexts", None)
        for context in contexts() if contexts else []:
            route, path = context.original_route, context.path
            if (
                isinstance(route, APIRoute)
                and PARAM.search(path)
                and path.startswith("/api/") == api
            ):
                found += [(method, path) for method in sorted(route.methods)]
    return found


def _bearer(app: Any, settings: Settings, user_id: int) -> dict[str, str]:
    with app.state.database.transaction() as db:
        user = accounts.get_user(db_session=db, actor=cli_principal(), user_id=user_id)
        _, secret = accounts.issue_token(
            db_session=db,
            actor=cli_principal(),
            user=user,
            name="t",
            settings=settings,
            now=utcnow(),
        )
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("who", ROLES)
def test_api_routes_refuse_ids_out_of_range(
    app: Any, settings: Settings, world: World, who: str
) -> None:
    client = TestClient(app)
    headers = _bearer(app, settings, world.ids[who])
    routes = _routes(app, api=True)
    assert len(routes) > 40
    for method, path in routes:
        for bad in BAD_IDS:
            url = PARAM.sub(bad, path)
            response = client.request(method, url, headers=headers, json={})
            assert response.status_code in REFUSALS, (method, url, response.text[:200])


@pytest.mark.parametrize("who", ROLES)
def test_pages_answer_not_found_for_ids_out_of_range(app: Any, world: World, who: str) -> None:
    client = TestClient(app)
    sign_in(client, who)
    routes = _routes(app, api=False)
    assert len(routes) > 30
    for method, path in routes:
        for bad in BAD_IDS:
            url = PARAM.sub(bad, path)
            response = client.request(method, url, follow_redirects=False)
            assert response.status_code in REFUSALS, (method, url, response.text[:200])


def test_a_page_with_an_impossible_id_is_the_chinese_not_found_page(app: Any, world: World) -> None:
    client = TestClient(app)
    sign_in(client, "zone1")
    response = client.get(f"/zone/draws/{2**63}")
    assert response.status_code == 404
    assert "未找到该页面或记录" in response.text
