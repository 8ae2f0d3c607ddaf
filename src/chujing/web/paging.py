"""Previous/next links over a service query paged with `chujing.platform.pagination`."""

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Paging:
    """Where a page stands in its list."""

    offset: int
    limit: int
    total: int

    @property
    def first(self) -> int:
        """1-based number of the first row shown (0 when there is none)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        """1-based number of the last row shown."""
        return min(self.offset + self.limit, self.total)

    def link(self, params: dict[str, str], offset: int) -> str:
        """The query string of another page, keeping the filters."""
        kept = {k: v for k, v in params.items() if v and k != "offset"}
        return "?" + urlencode({**kept, "offset": offset})

    def previous(self, params: dict[str, str]) -> str | None:
        """The previous page's query string, if there is one."""
        return self.link(params, max(0, self.offset - self.limit)) if self.offset else None

    def next(self, params: dict[str, str]) -> str | None:
        """The next page's query string, if there is one."""
        return self.link(params, self.offset + self.limit) if self.last < self.total else None
