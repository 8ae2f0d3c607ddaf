"""The decision engine: pure functions from (plan, rules, lists, date) to an Outcome."""

from chujing.engine.assess import assess
from chujing.engine.outcome import ItemOutcome, Obligation, Outcome, Reason
from chujing.engine.plan import ExportPlan, PlanError, parse_plan

__all__ = [
    "ExportPlan",
    "ItemOutcome",
    "Obligation",
    "Outcome",
    "PlanError",
    "Reason",
    "assess",
    "parse_plan",
]
