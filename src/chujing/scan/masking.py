"""Masked examples: enough to recognise the kind of a value, never the value itself."""

from chujing.scan.detectors import Mask

MAX_STARS = 10


def mask(value: str, rule: Mask) -> str:
    """Keep ``rule.start`` leading and ``rule.end`` trailing characters, star the rest.

    With ``keep_after`` (e.g. ``@``) the part from that character on stays visible. Short
    values keep at most a third of their characters, so that no example is ever whole.
    """
    if rule.keep_after and rule.keep_after in value:
        head, _, tail = value.partition(rule.keep_after)
        return mask(head, Mask(start=rule.start, end=0)) + rule.keep_after + tail
    visible = min(rule.start + rule.end, len(value) * 45 // 100)
    start = min(rule.start, visible)
    end = min(rule.end, visible - start)
    stars = "*" * min(MAX_STARS, max(1, len(value) - start - end))
    return value[:start] + stars + (value[len(value) - end :] if end else "")
