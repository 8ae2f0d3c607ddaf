"""Canonical JSON (RFC 8785, the JSON Canonicalization Scheme): the one byte form that draw
receipts and the engine's input hashes are taken over.

The `rfc8785` package defines the bytes. It is pure Python, ~10x slower than the C encoder of
`json`; for JSON's plain subset — no floats, integers within ±(2⁵³−1), object keys below
U+D800 (where code-point order is UTF-16 order) — `json.dumps` with sorted keys writes the
same bytes, so such values take it (tests/test_canonical.py holds the two equal).
"""

import json
from typing import Any

import rfc8785

CanonicalizationError = rfc8785.CanonicalizationError
SAFE_INTEGER = 2**53 - 1


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-SAFE_INTEGER <= value <= SAFE_INTEGER)
    if kind is dict:
        return all(type(k) is str and (not k or max(k) < "\ud800") for k in value) and all(
            map(_plain, value.values())
        )
    if kind is list:
        return all(map(_plain, value))
    return False


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 UTF-8 bytes of a JSON value (CanonicalizationError if it has none)."""
    if _plain(value):
        try:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: let rfc8785 refuse it
            pass
    return rfc8785.dumps(value)
