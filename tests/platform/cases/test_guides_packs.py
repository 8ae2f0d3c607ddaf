"""Guides cite their bases through the served pack's roles, never another pack's articles."""

import pytest

from chujing.platform.cases.guides import guides
from chujing.rules.jurisdiction import load_jurisdiction
from chujing.rules.packs import JURISDICTION_ENV, load_pack, pack_codes


def test_the_home_pack_cites_its_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JURISDICTION_ENV, "chongqing")
    book = load_jurisdiction("chongqing")
    assert guides().steps["termination"].citations == [book.citation("cq.art13")]


@pytest.mark.parametrize("code", [c for c in pack_codes() if c != "chongqing"])
def test_other_packs_cite_only_their_roles(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JURISDICTION_ENV, code)
    home = load_jurisdiction("chongqing")
    cited = [c for g in guides().steps.values() for c in g.citations]
    assert home.citation("cq.art13") not in cited
    assert home.citation("cq.art11") not in cited
    if load_pack(code).roles.suspension is None:
        assert guides().steps["termination"].citations == []
