"""Which negative-list entries an item corresponds to (contract §3)."""

from chujing.engine.plan import ExportPlan, Item
from chujing.rules import Entry, NegativeList
from chujing.rules.lists import Thresholds


def matching_entries(item: Item, plan: ExportPlan, lst: NegativeList | None) -> list[Entry]:
    """Entries named by the item, or of the plan's scenario with its category and a shared field."""
    if lst is None:
        return []
    found: dict[str, Entry] = {}
    if item.list_entry is not None:
        named = lst.entry(item.list_entry)
        if named is not None:
            found[named[1].code] = named[1]
    scenario = lst.scenario(plan.scenario) if plan.scenario is not None else None
    if scenario is not None and item.category is not None:
        fields = {f.strip() for f in item.fields}
        for entry in scenario.entries:
            if entry.category == item.category and fields & set(entry.fields):
                found[entry.code] = entry
    return list(found.values())


def thresholds_reached(thresholds: Thresholds | None, persons: int, sensitive: int) -> bool:
    """An entry's own thresholds apply only once every count it names is reached."""
    if thresholds is None:
        return True
    return (thresholds.persons is None or persons >= thresholds.persons) and (
        thresholds.sensitive_persons is None or sensitive >= thresholds.sensitive_persons
    )
