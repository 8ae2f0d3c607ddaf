"""Where the pages read published negative lists from.

Until the platform's list lifecycle publishes versions, the published lists are the
ones shipped with the rules; this is the one place that changes when it does.
"""

from fastapi import Request

from chujing.rules import NegativeList, load_lists


def published_lists(request: Request) -> list[NegativeList]:
    """Every published list version (all FTZs), as the engine would use them."""
    del request  # the platform's lifecycle will answer per request (database)
    return load_lists()
