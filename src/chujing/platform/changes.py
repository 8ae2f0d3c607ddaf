"""Optimistic locking and partial updates shared by every domain's `update` service."""

from typing import Any

from pydantic import BaseModel

from chujing.platform.errors import Conflict, Forbidden


def check_version(current: int, expected: int) -> None:
    """Refuse an edit based on a stale read (409 `stale`, field `version`)."""
    if current != expected:
        raise Conflict(
            f"记录已被他人修改（当前版本 {current}，提交版本 {expected}），请刷新后重试",
            field="version",
            code="stale",
        )


def apply_changes(obj: Any, update: BaseModel, *, allowed: set[str] | None = None) -> list[str]:
    """Copy the fields the caller set (except `version`) onto `obj`; return their names."""
    changed = []
    for name, value in update.model_dump(exclude_unset=True, exclude={"version"}).items():
        if allowed is not None and name not in allowed:
            raise Forbidden(f"无权修改字段 {name}", field=name)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed
