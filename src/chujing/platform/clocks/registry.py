"""The deadlines the clocks watch, registered by the domains that own them.

Each domain that sets a deadline (orders, inspections, incidents, consultations, surveys,
list versions, zone reports) has a `deadlines.py` whose provider yields its open deadlines
as `Deadline`s and registers itself here; the clocks iterate the providers and read no
domain's tables. `chujing.platform.deadlines` imports every domain's provider and then calls
`complete()`: until it has, `providers()` refuses, so a caller that forgot to load them fails
loudly instead of silently missing deadlines.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from chujing.platform.principal import ProcessorOwned

CITY = "department:cac"
"""The municipal CAC: owner of the city's own deadlines and recipient of the zones' escalations."""


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """One open deadline: what is due, by when, and who must act.

    `owner` is who is reminded (`processor:<id>`, `zone:<id>`, `sector:<code>` or
    `department:cac`); `subject` names the item in Chinese (`限期整改令 12`);
    `processor_id` is the processor whose own case it is (an order it must rectify, its
    consultation awaiting an answer), None for the regulators' internal duties. A deadline
    with `warn_days` is announced that many calendar days ahead and never escalated (a list
    version's expiry); otherwise the schedule's working-day reminder and an escalation apply.
    """

    kind: str
    ref_id: int
    due: date
    owner: str
    subject: str
    zone_id: int | None = None
    processor_id: int | None = None
    warn_days: int | None = None


def processor_duty(kind: str, row: ProcessorOwned, due: date, subject: str) -> Deadline:
    """A deadline the processor of `row` must meet in its own case."""
    owner = f"processor:{row.processor_id}"
    return Deadline(
        kind=kind,
        ref_id=row.id,
        due=due,
        owner=owner,
        subject=subject,
        zone_id=row.zone_id,
        processor_id=row.processor_id,
    )


def zone_duty(
    kind: str, ref_id: int, due: date, subject: str, *, zone_id: int, processor_id: int | None
) -> Deadline:
    """A deadline the zone must meet, towards a processor (`processor_id`) or as its own duty."""
    owner = f"zone:{zone_id}"
    return Deadline(
        kind=kind,
        ref_id=ref_id,
        due=due,
        owner=owner,
        subject=subject,
        zone_id=zone_id,
        processor_id=processor_id,
    )


Provider = Callable[[Session, date], Iterable[Deadline]]
"""A domain's open deadlines as of a day, read from its own tables."""

_PROVIDERS: dict[str, Provider] = {}
_complete = False


def register(name: str, provider: Provider) -> None:
    """Add (or replace) a domain's provider under its name (`supervision.orders`)."""
    _PROVIDERS[name] = provider


def complete() -> None:
    """Mark the registry as holding every domain's provider."""
    global _complete
    _complete = True


def providers() -> dict[str, Provider]:
    """Every registered provider by name; refused before `complete()`."""
    if not _complete:
        msg = "deadline providers not loaded: import chujing.platform.deadlines first"
        raise RuntimeError(msg)
    return dict(_PROVIDERS)
