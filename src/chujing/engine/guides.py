"""The sector-guide layer: national guides above every FTZ's list (rules/guides.py), consulted
by any pack's engine for processors of the guide's sectors.

A guide adds its statements to the reasons and what must be checked against its full text
to the warnings; it never changes a pathway, because none of the shipped guides is encoded
from its official text (fail safe: an unverified text neither frees nor burdens data).
"""

from collections.abc import Sequence
from datetime import date

from chujing.engine.outcome import Reason
from chujing.engine.plan import ExportPlan
from chujing.rules.guides import Guide


def guide_notes(
    plan: ExportPlan, day: date, guides: Sequence[Guide]
) -> tuple[list[Reason], list[str]]:
    """The reasons and warnings of every guide that applies to the plan's processor."""
    reasons: list[Reason] = []
    warnings: list[str] = []
    sector = plan.processor.sector
    for guide in guides:
        if not guide.applies(sector, day):
            continue
        citation = f"《{guide.title}》"
        for statement in guide.statements:
            reasons.append(
                Reason.model_construct(
                    rule=f"guide.{guide.id}.{statement.code}",
                    citation=citation,
                    text=statement.text,
                    kind="law" if statement.verbatim else "reading",
                    title=f"行业指引：{guide.title}",
                    also=[],
                    facts={"sector": sector, "source": statement.source},
                )
            )
        if not guide.official:
            warnings.append(
                f"processor.sector: {citation}适用于{sector}行业；本平台所载内容来自公开报道，"
                "不是指引全文，未据以改变出境路径。"
            )
        warnings += [f"processor.sector: {check}" for check in guide.checks]
    return reasons, warnings
