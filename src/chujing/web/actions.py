"""Running a platform service call for a page: one transaction, refusals as messages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from chujing.platform.errors import PlatformError
from chujing.web.session import database

T = TypeVar("T")


@dataclass
class Done(Generic[T]):
    """The service's result, or the message and field of its refusal."""

    value: T | None = None
    error: str = ""
    field: str = ""

    @property
    def ok(self) -> bool:
        """Whether the call succeeded (and was committed)."""
        return not self.error


FIELD_NAMES = {
    "title": "名称",
    "scenario": "业务场景编号",
    "scenario_name": "业务场景名称",
    "categories": "出境数据类别",
    "recipients": "境外接收方",
    "persons": "个人信息人数",
    "sensitive_persons": "敏感个人信息人数",
    "export_date": "出境日期",
    "assessment_id": "所依据的评估",
    "commitment": "承诺",
    "signed_by": "签署人",
    "deficiencies": "补正事项",
    "version": "版本",
    "name": "名称",
    "country": "国家或地区代码",
    "fields": "数据字段",
    "category": "参考规则类别编号",
    "uscc": "统一社会信用代码",
    "contact_email": "电子邮箱",
    "username": "用户名",
    "password": "密码",
    "role": "角色",
    "reason": "理由",
    "level": "风险等级",
    "period": "半年",
    "text": "意见",
    "resolution": "处理结果",
    "due": "截止日期",
}
PROBLEMS = {
    "missing": "不能为空",
    "string_too_short": "不能为空",
    "too_short": "至少须填写一项",
    "string_too_long": "过长",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "greater_than_equal": "不能小于允许的最小值",
    "less_than_equal": "超过允许的最大值",
    "string_pattern_mismatch": "格式不正确",
    "date_from_datetime_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_type": "日期格式不正确（应为 YYYY-MM-DD）",
}


def _validation_message(exc: ValidationError) -> tuple[str, str]:
    """The first problem in Chinese, naming the field (categories[0].name → 第1行 名称)."""
    first = exc.errors()[0]
    loc = [part for part in first["loc"] if part != "body"]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    words = [f"第{p + 1}行" if isinstance(p, int) else FIELD_NAMES.get(str(p), str(p)) for p in loc]
    problem = PROBLEMS.get(first["type"], "填写有误")
    return f"{' '.join(words)}：{problem}", field


def attempt(request: Request, call: Callable[[Session], T], *, write: bool = True) -> Done[T]:
    """Run `call` in one transaction; a refusal rolls it back and becomes a message."""
    try:
        with database(request).transaction(write=write) as db:
            return Done(value=call(db))
    except PlatformError as exc:
        return Done(error=exc.message, field=exc.field or "")
    except ValidationError as exc:
        message, field = _validation_message(exc)
        return Done(error=message, field=field)
    except StaleDataError:
        return Done(error="记录已被他人同时修改，请刷新后重试", field="version")


def read(request: Request, call: Callable[[Session], T]) -> T:
    """Run a read-only service call (refusals propagate to the page's handler)."""
    with database(request).transaction(write=False) as db:
        return call(db)
