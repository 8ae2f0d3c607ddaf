"""Collect tests/law/*.yaml and tests/law/<pack>/*.yaml: legal cases a lawyer can read and add.

Each file has a `base` plan and `cases`; a case's `plan` is deep-merged over the base,
its `expect` names what the outcome must show (or `error`, the JSON path an invalid
plan must be refused at). Files directly here run under the home pack with the test lists
(`lists: shipped` for the shipped ones); files in a pack's directory run under that pack
with the lists that pack's engine sees (`lists: with_test_lists` adds the test lists, whose
tj-test stands in for another FTZ's official list).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from chujing.engine import PlanError, assess, parse_plan
from chujing.rules import NegativeList, RuleBook, load_lists, load_rules
from chujing.rules.jurisdiction import jurisdiction_lists, load_jurisdiction
from chujing.rules.packs import pack_codes

HERE = Path(__file__).parent
TEST_LISTS = load_lists(HERE / "lists")


def merge(base: Any, override: Any) -> Any:
    """Deep-merge mappings; anything else in override replaces base."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base.get(key), value) if key in base else value
        return out
    return override


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix != ".yaml":
        return None
    if file_path.parent == HERE:
        return LawFile.from_parent(parent, path=file_path)
    if file_path.parent.parent == HERE and file_path.parent.name in pack_codes():
        return LawFile.from_parent(parent, path=file_path)
    return None


class LawFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        doc = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        pack = self.path.parent.name if self.path.parent != HERE else None
        for case in doc["cases"]:
            plan = merge(doc.get("base", {}), case.get("plan", {}))
            yield LawCase.from_parent(self, name=case["name"], plan=plan, case=case, pack=pack)


class LawCase(pytest.Item):
    def __init__(
        self, *, plan: dict[str, Any], case: dict[str, Any], pack: str | None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.case = case
        self.pack = pack

    def _law(self) -> tuple[RuleBook, list[NegativeList]]:
        if self.pack is not None:
            extra = TEST_LISTS if self.case.get("lists") == "with_test_lists" else []
            return load_jurisdiction(self.pack), [*jurisdiction_lists(self.pack), *extra]
        lists = load_lists() if self.case.get("lists") == "shipped" else TEST_LISTS
        return load_rules(), lists

    def runtest(self) -> None:
        book, lists = self._law()
        expect = self.case["expect"]
        if "error" in expect:
            with pytest.raises(PlanError) as info:
                assess(parse_plan(self.plan, book), lists=lists, book=book)
            assert info.value.path == expect["error"], info.value
            return
        outcome = assess(parse_plan(self.plan, book), lists=lists, book=book).to_json()
        check(outcome, expect)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:
        return f"{self.name}\n{excinfo.getrepr(style='short')}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"law case: {self.name}"


def check(outcome: dict[str, Any], expect: dict[str, Any]) -> None:
    """Compare an outcome with a case's expectations, key by key."""
    rules = [r["rule"] for r in outcome["reasons"]]
    item_rules = [r["rule"] for item in outcome["items"] for r in item["reasons"]]
    all_reasons = [*outcome["reasons"], *(r for item in outcome["items"] for r in item["reasons"])]
    for key, want in expect.items():
        if key in (
            "pathway",
            "separate_regime",
            "regime",
            "parallel_procedures",
            "margins",
            "reference_lists_count",
        ):
            got = (
                len(outcome["reference_lists"]) if key == "reference_lists_count" else outcome[key]
            )
            assert got == want, f"{key}: got {got!r}, want {want!r}"
        elif key == "flags":
            assert outcome["flags"] == sorted(want), f"flags: got {outcome['flags']}"
        elif key == "flags_include":
            assert set(want) <= set(outcome["flags"]), f"flags: got {outcome['flags']}"
        elif key == "flags_exclude":
            assert not set(want) & set(outcome["flags"]), f"flags: got {outcome['flags']}"
        elif key == "reasons_include":
            assert set(want) <= set(rules), f"reasons: got {rules}"
        elif key == "item_reasons_include":
            assert set(want) <= set(item_rules), f"item reasons: got {item_rules}"
        elif key == "reasons_exclude":
            assert not set(want) & set(rules + item_rules), f"reasons: got {rules + item_rules}"
        elif key == "items":
            got = [i["pathway"] for i in outcome["items"]]
            assert got == want, f"items: got {got}"
        elif key == "item_bases":
            got = [i["basis"] for i in outcome["items"]]
            assert got == want, f"item bases: got {got}"
        elif key == "negative_list":
            got = outcome["negative_list"]["id"] if outcome["negative_list"] else None
            assert got == want, f"negative_list: got {got}"
        elif key in ("citations_include", "citations_exclude"):
            cited = "\n".join(r["citation"] for r in all_reasons)
            for part in want:
                assert (part in cited) == (key == "citations_include"), f"citations: {cited}"
        elif key == "reference_lists":
            got = [r["id"] for r in outcome["reference_lists"]]
            assert got == want, f"reference_lists: got {got}"
        elif key == "matched_entries":
            got = outcome["negative_list"]["matched_entries"] if outcome["negative_list"] else []
            assert got == want, f"matched_entries: got {got}"
        elif key == "obligations_include":
            codes = [o["code"] for o in outcome["obligations"]]
            assert set(want) <= set(codes), f"obligations: got {codes}"
        elif key == "obligations_exclude":
            codes = [o["code"] for o in outcome["obligations"]]
            assert not set(want) & set(codes), f"obligations: got {codes}"
        elif key == "tallies":
            assert outcome["tallies"] == want, f"tallies: got {outcome['tallies']}"
        elif key in ("warnings_include", "warnings_exclude"):
            text = "\n".join(outcome["warnings"])
            for part in want:
                assert (part in text) == (key == "warnings_include"), f"warnings: got {text}"
        elif key == "reason_kinds":
            kinds = {r["rule"]: r["kind"] for r in all_reasons}
            got = {rule: kinds.get(rule) for rule in want}
            assert got == want, f"reason kinds: got {got}"
        elif key == "reason_also_include":
            for rule, citation in want.items():
                also = [a for r in all_reasons if r["rule"] == rule for a in r["also"]]
                assert citation in also, f"{rule} also: got {also}"
        else:
            raise AssertionError(f"unknown expectation {key!r}")
