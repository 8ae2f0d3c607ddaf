"""Errors and warnings of a scan, in Chinese, never quoting a raw cell value."""

from collections.abc import Callable


class ScanError(Exception):
    """A source cannot be read at all; the message names the source and the reason."""


Warn = Callable[[str], None]
