"""The law as data: instruments, dated rules, settings, sensitive kinds, the Annex catalogue
and the negative lists, each with its citation and dates of effect."""

from chujing.rules.book import RuleBook, load_lists, load_rules
from chujing.rules.lists import Entry, ListProblems, NegativeList, Scenario
from chujing.rules.models import Pathway, Rule, SensitiveKind, Setting
from chujing.rules.yamlsource import LawDataError, SourceError

__all__ = [
    "Entry",
    "LawDataError",
    "ListProblems",
    "NegativeList",
    "Pathway",
    "Rule",
    "RuleBook",
    "Scenario",
    "SensitiveKind",
    "Setting",
    "SourceError",
    "load_lists",
    "load_rules",
]
