"""Where the pages read negative lists from: the platform's list lifecycle.

`effective_lists` is what the engine applies today (published versions, with the shipped
example lists as seed versions); `all_versions` adds every earlier published version,
for the version history and diffs of a list's page.
"""

from datetime import date

from fastapi import Request

from chujing.platform.listcycle import versions
from chujing.rules import NegativeList
from chujing.web.session import database


def effective_lists(request: Request, on: date | None = None) -> list[NegativeList]:
    """The lists in force on `on` (default today), one version per list."""
    with database(request).transaction(write=False) as db:
        return versions.effective_lists(db_session=db, on=on)


def all_versions(request: Request) -> list[NegativeList]:
    """Every shipped and published version of every list."""
    with database(request).transaction(write=False) as db:
        return versions.all_versions(db_session=db)
