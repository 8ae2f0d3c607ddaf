"""Editing a drafted list's content entry by entry: its title and validity, and each
数据类别 with its checks and defaults. The page's forms and the API's routes both call
these; `service.set_content` stores the result (the whole list is validated when it is
published)."""

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from chujing.platform.errors import Invalid, NotFound
from chujing.platform.listcycle import service
from chujing.platform.listcycle.access import require_drafter
from chujing.platform.listcycle.models import EntryIn, ListDraft, ListMetaIn, NewEntryIn
from chujing.platform.principal import Principal
from chujing.rules import load_rules
from chujing.rules.packs import HOME

Content = dict[str, Any]
# content key -> field of ListMetaIn
META_KEYS = {
    "title": "title",
    "version": "list_version",
    "valid_from": "valid_from",
    "valid_until": "valid_until",
    "source": "source",
}
KEPT_ON_EDIT = ("thresholds", "conditions")  # what the entry form does not show


def with_meta(content: Content, data: ListMetaIn) -> Content:
    """Title, version, dates and source; defaults for the fixed keys of a list."""
    out = copy.deepcopy(content)
    for key, name in META_KEYS.items():
        value = getattr(data, name)
        if value:
            out[key] = str(value)
        else:
            out.pop(key, None)
    out.setdefault("ftz", HOME)
    out.setdefault("official", False)
    out.setdefault("excludes_ciio", True)
    out.setdefault("scenarios", [])
    return out


def _entry(code: str, data: EntryIn) -> Content:
    """The stored entry: an Annex category of the catalogue, its fields once each."""
    known = {c.number for c in load_rules().catalogue.categories}
    if data.category not in known:
        raise Invalid(f"未知的参考规则类别编号：{data.category}", field="category")
    entry: Content = {
        "code": code,
        "name": data.name or code,
        "category": data.category,
        "data_type": data.data_type,
        "fields": list(dict.fromkeys(data.fields)),
    }
    if data.pathway:
        entry["pathway"] = data.pathway
    return entry


def with_entry(content: Content, code: str, data: EntryIn) -> Content:
    """Change an entry's name, category, type, fields or pathway (its code stays); its
    thresholds and conditions are kept."""
    out = copy.deepcopy(content)
    for scenario in out.get("scenarios", []):
        for index, entry in enumerate(scenario.get("entries", [])):
            if entry.get("code") == code:
                kept = {k: v for k, v in entry.items() if k in KEPT_ON_EDIT}
                scenario["entries"][index] = {**_entry(code, data), **kept}
                return out
    raise NotFound(f"没有编码为 {code} 的数据类别", field="entry_code")


def with_new_entry(content: Content, data: NewEntryIn) -> Content:
    """Add one 数据类别 to an existing scenario, or to a new one the data describes."""
    out = copy.deepcopy(content)
    scenarios: list[Content] = out.setdefault("scenarios", [])
    codes = {s.get("code") for s in scenarios} | {
        e.get("code") for s in scenarios for e in s.get("entries", [])
    }
    if data.code in codes:
        raise Invalid(f"编码 {data.code} 已存在", field="code")
    scenario = next((s for s in scenarios if s.get("code") == data.scenario_code), None)
    if scenario is None:
        if not data.scenario_activity or not data.scenario_name:
            raise Invalid("新业务场景须填写业务活动和场景名称", field="scenario_name")
        scenario = {
            "code": data.scenario_code,
            "activity": data.scenario_activity,
            "name": data.scenario_name,
            "entries": [],
        }
        scenarios.append(scenario)
    scenario.setdefault("entries", []).append(_entry(data.code, data))
    return out


def without_entry(content: Content, code: str) -> Content:
    """Remove one entry (and its scenario when that was the scenario's last entry)."""
    out = copy.deepcopy(content)
    if not any(
        e.get("code") == code for s in out.get("scenarios", []) for e in s.get("entries", [])
    ):
        raise NotFound(f"没有编码为 {code} 的数据类别", field="entry_code")
    kept = []
    for scenario in out.get("scenarios", []):
        scenario["entries"] = [e for e in scenario.get("entries", []) if e.get("code") != code]
        if scenario["entries"]:
            kept.append(scenario)
    out["scenarios"] = kept
    return out


def _change(
    db_session: Session,
    actor: Principal,
    draft_id: int,
    version: int,
    change: Callable[[Content], Content],
) -> ListDraft:
    """Apply one change to the draft's content and store it (drafters only, while editable)."""
    require_drafter(actor)
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    return service.set_content(
        db_session=db_session,
        actor=actor,
        draft_id=draft_id,
        version=version,
        content=change(dict(draft.content)),
    )


def set_meta(
    *, db_session: Session, actor: Principal, draft_id: int, data: ListMetaIn
) -> ListDraft:
    """Set the drafted list's title, version number, validity and source."""
    return _change(db_session, actor, draft_id, data.version, lambda c: with_meta(c, data))


def add_entry(
    *, db_session: Session, actor: Principal, draft_id: int, data: NewEntryIn
) -> ListDraft:
    """Add a 数据类别 to the drafted list."""
    return _change(db_session, actor, draft_id, data.version, lambda c: with_new_entry(c, data))


def update_entry(
    *, db_session: Session, actor: Principal, draft_id: int, entry_code: str, data: EntryIn
) -> ListDraft:
    """Change a 数据类别 of the drafted list."""
    return _change(
        db_session, actor, draft_id, data.version, lambda c: with_entry(c, entry_code, data)
    )


def remove_entry(
    *, db_session: Session, actor: Principal, draft_id: int, entry_code: str, version: int
) -> ListDraft:
    """Remove a 数据类别 from the drafted list."""
    return _change(db_session, actor, draft_id, version, lambda c: without_entry(c, entry_code))
