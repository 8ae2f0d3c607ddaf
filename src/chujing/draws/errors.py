"""Chinese one-line descriptions of pydantic validation errors, naming the field."""

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_MESSAGES = {
    "missing": "缺少此字段",
    "extra_forbidden": "未知字段",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为布尔值",
    "bool_parsing": "应为布尔值",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "string_pattern_mismatch": "格式不符",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "literal_error": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "datetime_parsing": "应为带时区的 ISO 8601 时间",
    "datetime_type": "应为带时区的 ISO 8601 时间",
    "timezone_aware": "时间须带时区",
    "union_tag_invalid": "kind 取值无效",
    "union_tag_not_found": "缺少 kind 字段",
}


def location(error: ErrorDetails) -> str:
    """An error's field as `a.b[0]`."""
    where = ""
    for part in error["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
    return where


def reason(error: ErrorDetails) -> str:
    """Why a value was refused, in Chinese where the kind of error is known."""
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return _MESSAGES.get(kind, error["msg"])


def describe(exc: ValidationError) -> str:
    """`字段 a.b[0]：原因` for the first error."""
    error = exc.errors()[0]
    return f"字段 {location(error) or '(根)'}：{reason(error)}"
