"""Every page: Chinese language, one h1, and every form control labelled."""

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from .conftest import sign_in
from .world import World

PAGES = {
    None: [
        "/",
        "/lists?field=手机号",
        "/lists/cq-ftz-icv",
        "/catalogue",
        "/other-ftz",
        "/check",
        "/results",
        "/faq",
        "/login",
    ],
    "ent1": [
        "/enterprise",
        "/enterprise/assess",
        "/enterprise/assess?scenario=ICV-AS-01",
        "/reports/new",
        "/enterprise/records",
        "/enterprise/inbox",
        "/enterprise/surveys",
        "/consultations",
    ],
    "zone1": [
        "/zone",
        "/zone/draws",
        "/zone/inspectors",
        "/zone/inspections",
        "/zone/incidents",
        "/zone/risk",
        "/zone/halfyear",
    ],
    "city": ["/city", "/city/overview", "/city/catalogue", "/referrals"],
    "audit1": ["/admin/audit"],
    "admin1": ["/admin/users", "/admin/zones", "/admin/roles"],
}
CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.inside_label = 0
        self.svgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.inside_label += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag in CONTROLS and found.get("type") not in UNLABELLED_TYPES:
            self.controls.append({**found, "_wrapped": "yes" if self.inside_label else None})
        elif tag == "svg":
            self.svgs.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.inside_label -= 1


def _audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    ("who", "path"), [(who, path) for who, paths in PAGES.items() for path in paths]
)
def test_page_is_accessible(client: TestClient, world: World, who: str | None, path: str) -> None:
    if who:
        sign_in(client, who)
    response = client.get(path)
    assert response.status_code == 200, path
    page = _audit(response.text)
    assert page.lang == "zh-CN"
    assert page.h1 == 1
    unlabelled = [
        c
        for c in page.controls
        if not (c.get("aria-label") or c["_wrapped"] or c.get("id") in page.label_for)
    ]
    assert not unlabelled, unlabelled
    for svg in page.svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby")
