"""The sector-guide layer: national guides above every FTZ's list (rules/guides.py), carried by
every pack's book and consulted for processors of the guide's sectors.

A guide adds its statements to the reasons and what must be checked against its full text
to the warnings; it never changes a pathway, because none of the shipped guides is encoded
from its official text (fail safe: an unverified text neither frees nor burdens data).
"""

from datetime import date

from chujing.engine.outcome import Reason
from chujing.engine.plan import ExportPlan
from chujing.rules import RuleBook


def guide_notes(plan: ExportPlan, day: date, book: RuleBook) -> tuple[list[Reason], list[str]]:
    """The reasons and warnings of every guide that applies to the plan's processor."""
    reasons: list[Reason] = []
    warnings: list[str] = []
    sector = plan.processor.sector
    for guide in book.guides:
        if not guide.applies(sector, day):
            continue
        citation = f"《{guide.title}》"
        reasons += [
            Reason.of(book.rule(guide.rule_id(s.code), day), sector=sector, source=s.source)
            for s in guide.statements
        ]
        if not guide.official:
            warnings.append(
                f"processor.sector: {citation}适用于{sector}行业；本平台所载内容来自公开报道，"
                "不是指引全文，未据以改变出境路径。"
            )
        warnings += [f"processor.sector: {check}" for check in guide.checks]
    return reasons, warnings
