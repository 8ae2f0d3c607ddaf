"""Canonical JSON and SHA-256: the byte form every hash of a draw is taken over.

Canonical JSON is RFC 8785 (`chujing.canonical`), so any language's JCS library produces
the same bytes. Draws further refuse floating-point numbers:
every number of a draw is an integer within JSON's safe range. Receipts of format 1 were
written before the switch by a sorted-keys `json.dumps`; for the values a draw can hold
(BMP keys, safe integers, no floats) the two give the same bytes, so their hashes still verify.
"""

import hashlib
from typing import Any

from chujing import canonical


class CanonicalError(ValueError):
    """A value that has no canonical JSON form (a float, NaN, a non-string key...)."""


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise CanonicalError(f"{path}：规范 JSON 中不允许浮点数")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"{path}：对象的键必须是字符串")
            _check(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
    elif value is not None and not isinstance(value, str | int | bool):
        raise CanonicalError(f"{path}：{type(value).__name__} 不是 JSON 值")


def canonical_json(value: Any) -> bytes:
    """The canonical (RFC 8785) UTF-8 bytes of a JSON value without floats."""
    _check(value, "$")
    try:
        return canonical.canonical_json(value)
    except canonical.CanonicalizationError as exc:
        raise CanonicalError(f"$：{exc}") from None


def sha256_hex(value: Any) -> str:
    """Lower-case hex SHA-256 of the canonical JSON of `value`."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
