"""Which negative-list entries an item corresponds to (contract §3)."""

from chujing.engine.plan import ExportPlan, Item
from chujing.rules import Entry, NegativeList
from chujing.rules.lists import Thresholds


def matching_entries(item: Item, plan: ExportPlan, lst: NegativeList | None) -> list[Entry]:
    """Entries named by the item, or of the plan's scenario with its category and a shared field."""
    if lst is None:
        return []
    fields = {f.strip() for f in item.fields}
    found = []
    for scenario, entry in lst.entries():
        if item.list_entry == entry.code or (
            plan.scenario == scenario.code
            and item.category == entry.category
            and fields & set(entry.fields)
        ):
            found.append(entry)
    return found


def thresholds_reached(thresholds: Thresholds | None, persons: int, sensitive: int) -> bool:
    """An entry's own thresholds apply only once every count it names is reached."""
    if thresholds is None:
        return True
    return (thresholds.persons is None or persons >= thresholds.persons) and (
        thresholds.sensitive_persons is None or sensitive >= thresholds.sensitive_persons
    )
