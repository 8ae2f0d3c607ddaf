"""Reading a refused form's page: its error summary, the control it links to, the form."""

import re

from fastapi.testclient import TestClient

from .conftest import post_form


def summary(html: str) -> str:
    """The error summary block of a page (asserting there is one that takes focus)."""
    found = re.search(r'<div class="[^"]*error-summary"[^>]*>.*?</div>', html, re.S)
    assert found is not None, html
    assert 'tabindex="-1"' in found.group(0)
    return found.group(0)


def links_to(html: str, control: str) -> None:
    """The summary links to `#control` and the page has a control with that id."""
    assert f'href="#{control}"' in summary(html)
    assert re.search(rf'<(input|select|textarea)[^>]*\bid="{control}"', html), control


def refused_at(
    client: TestClient, url: str, page: str | None, control: str, said: str, **data: str
) -> str:
    """Post `data` to `url` (the token read from `page`), refused (422): the summary says
    `said`, linked to `control` ("" for a general message, linked nowhere); the page."""
    html = post_form(client, url, page, status=422, **data).text
    assert said in summary(html), summary(html)
    if control:
        links_to(html, control)
    else:
        assert 'href="#' not in summary(html)
    return html


def version_of(client: TestClient, url: str) -> str:
    """The record's optimistic lock, as the first form of its page posts it."""
    found = re.search(r'name="version" value="(\d+)"', client.get(url).text)
    assert found is not None, url
    return found.group(1)
