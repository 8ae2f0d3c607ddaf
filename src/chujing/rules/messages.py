"""Validation errors in Chinese: what a person reads never carries pydantic's English.

Plans, list files and law data are validated by pydantic; its error types (not its
messages) are mapped here to one Chinese sentence each.
"""

from collections.abc import Mapping
from typing import Any

_PLAIN = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "float_type": "应为数字",
    "list_type": "应为列表",
    "dict_type": "应为对象（键值对）",
    "model_type": "应为对象（键值对）",
    "model_attributes_type": "应为对象（键值对）",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "不是有效日期（应为 YYYY-MM-DD）",
    "date_from_datetime_parsing": "不是有效日期（应为 YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD，不含时间",
    "none_required": "应为空",
    "string_pattern_mismatch": "格式不符",
    "recursion_loop": "数据存在循环引用",
}


def _bound(ctx: Mapping[str, Any], key: str) -> str:
    return str(ctx.get(key, ""))


def chinese(error: Mapping[str, Any]) -> str:
    """One Chinese sentence for one pydantic error (its `type`, `ctx` and custom message)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "literal_error":
        expected = "、".join(_bound(ctx, "expected").replace(" or ", ", ").split(", "))
        return f"取值无效，应为 {expected} 之一"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {_bound(ctx, 'ge') or _bound(ctx, 'gt')}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {_bound(ctx, 'le') or _bound(ctx, 'lt')}"
    if kind in ("too_short", "string_too_short"):
        return f"至少应有 {_bound(ctx, 'min_length')} 项" if kind == "too_short" else "不能为空"
    if kind in ("too_long", "string_too_long"):
        return f"最多 {_bound(ctx, 'max_length')} 项" if kind == "too_long" else "过长"
    return "取值无效"
