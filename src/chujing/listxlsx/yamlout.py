"""A negative list written back as a contract §3 YAML file."""

import yaml

from chujing.rules import NegativeList


def to_yaml(lst: NegativeList) -> str:
    """The list as a contract §3 YAML file."""
    document = lst.model_dump(mode="python", exclude_none=True)
    for scenario in document["scenarios"]:
        for entry in scenario["entries"]:
            if not entry.get("conditions"):
                entry.pop("conditions", None)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
