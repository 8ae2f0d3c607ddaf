"""The notification centre's mark-read form (web.inbox), read through form(ReadIn)."""

from fastapi.testclient import TestClient

from .conftest import post_form, sign_in
from .world import World


def test_an_unknown_category_shows_the_centre_again_with_the_message(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ent1")
    refused = post_form(client, "/inbox/read", status=422, category="spam")
    assert "请选择要标为已读的消息类别" in refused.text
    assert 'id="unread-total"' in refused.text  # the centre itself, not a bare 422


def test_marking_all_as_read_comes_back_to_the_centre(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    done = post_form(client, "/inbox/read", category="all")
    assert done.headers["location"].startswith("/inbox")


def test_a_missing_csrf_token_is_refused(client: TestClient, world: World) -> None:
    sign_in(client, "ent1")
    response = client.post("/inbox/read", data={"category": "all"}, follow_redirects=False)
    assert response.status_code in (400, 403)
