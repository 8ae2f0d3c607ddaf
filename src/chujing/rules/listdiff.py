"""What changed between two versions of a negative list: scenarios and entries."""

from typing import Any

from pydantic import BaseModel

from chujing.rules.lists import NegativeList


class Change(BaseModel):
    """One scenario or entry added, removed or changed (with the fields that differ)."""

    kind: str
    code: str
    name: str
    change: str
    fields: dict[str, tuple[Any, Any]] = {}


def _fields_changed(old: BaseModel, new: BaseModel, skip: set[str]) -> dict[str, tuple[Any, Any]]:
    a, b = old.model_dump(mode="json", exclude=skip), new.model_dump(mode="json", exclude=skip)
    return {k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}


def diff_lists(old: NegativeList, new: NegativeList) -> list[Change]:
    """Every difference of scenarios, entries and list metadata, in the new list's order."""
    changes: list[Change] = []
    meta = _fields_changed(old, new, {"scenarios"})
    if meta:
        changes.append(
            Change(kind="list", code=new.id, name=new.title, change="changed", fields=meta)
        )
    old_scen = {s.code: s for s in old.scenarios}
    new_scen = {s.code: s for s in new.scenarios}
    for code, scen in new_scen.items():
        if code not in old_scen:
            changes.append(Change(kind="scenario", code=code, name=scen.name, change="added"))
            continue
        fields = _fields_changed(old_scen[code], scen, {"entries"})
        if fields:
            changes.append(
                Change(kind="scenario", code=code, name=scen.name, change="changed", fields=fields)
            )
    for code, scen in old_scen.items():
        if code not in new_scen:
            changes.append(Change(kind="scenario", code=code, name=scen.name, change="removed"))
    old_entries = {e.code: e for _, e in old.entries()}
    new_entries = {e.code: e for _, e in new.entries()}
    for code, entry in new_entries.items():
        if code not in old_entries:
            changes.append(Change(kind="entry", code=code, name=entry.name, change="added"))
        else:
            fields = _fields_changed(old_entries[code], entry, set())
            if fields:
                changes.append(
                    Change(
                        kind="entry", code=code, name=entry.name, change="changed", fields=fields
                    )
                )
    for code, entry in old_entries.items():
        if code not in new_entries:
            changes.append(Change(kind="entry", code=code, name=entry.name, change="removed"))
    return changes
