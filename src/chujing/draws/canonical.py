"""Canonical JSON and SHA-256: the byte form every hash of a draw is taken over.

Canonical JSON is UTF-8 JSON with keys sorted by code point, no insignificant whitespace,
non-ASCII characters written as themselves, and no floating-point numbers (so any language
produces the same bytes).
"""

import hashlib
import json
from typing import Any


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
    """The canonical UTF-8 bytes of a JSON value."""
    _check(value, "$")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def sha256_hex(value: Any) -> str:
    """Lower-case hex SHA-256 of the canonical JSON of `value`."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
