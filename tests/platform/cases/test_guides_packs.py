"""Guides cite their bases through the served pack's roles, never another pack's articles."""

import pytest

from chujing.platform.cases.guides import guide, guides
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


@pytest.mark.parametrize("code", pack_codes())
def test_guides_name_the_served_packs_bodies(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JURISDICTION_ENV, code)
    pack = load_pack(code)
    supervisor = pack.supervisor().short_name
    shown = [guide("termination"), guide("list_comment"), guide("incident"), guide("report")]
    texts = [t for g in shown for t in (g.who, g.where, *g.guide)]
    assert not [t for t in texts if "{" in t], "a placeholder left unreplaced"
    assert guide("list_comment").where == supervisor
    bureaus = pack.letterhead.bureaus or supervisor
    assert guide("incident").where == f"所属自贸板块（同时报{bureaus}）"
    if code != "chongqing":
        home_words = ("重庆", "大数据发展局", "管理办法》第十五条")
        assert not [t for t in texts if any(word in t for word in home_words)]
        # the list-comment step's place is in Chongqing's measures: not cited elsewhere
        assert guide("list_comment").citations == []


@pytest.mark.parametrize("code", pack_codes())
def test_the_termination_report_names_the_other_bureaus_once(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JURISDICTION_ENV, code)
    pack = load_pack(code)
    supervisor = pack.supervisor().short_name
    others = [b for b in pack.letterhead.bureaus.split("、") if b != supervisor]
    assert guide("termination").where == f"{supervisor}（同时报{'、'.join(others)}）"


@pytest.mark.parametrize("bureaus", ["", "市网信办"])
def test_a_supervisor_alone_is_named_without_a_copy_note(
    bureaus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JURISDICTION_ENV, "chongqing")
    pack = load_pack("chongqing")
    assert pack.supervisor().short_name == "市网信办"
    alone = pack.model_copy(
        update={"letterhead": pack.letterhead.model_copy(update={"bureaus": bureaus})}
    )
    monkeypatch.setattr("chujing.platform.cases.guides.current_pack", lambda: alone)
    assert guide("termination").where == "市网信办"
