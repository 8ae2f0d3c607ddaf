"""Before publishing: what a draft still lacks (in Chinese, every field at once) and what it
changes against the version it replaces — the version of the same list in force on the day
the draft takes effect, not the oldest one."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.errors import Invalid
from chujing.platform.listcycle import service, versions
from chujing.platform.principal import Principal
from chujing.rules import NegativeList
from chujing.rules.listdiff import Change, diff_lists

FIELD_NAMES = {
    "id": "清单标识",
    "title": "清单名称",
    "ftz": "自贸试验区",
    "official": "是否正式发布",
    "version": "版本号",
    "published": "发布日期",
    "valid_from": "生效日期",
    "valid_until": "有效期至",
    "sector": "行业领域",
    "source": "来源说明",
    "scenarios": "业务场景",
    "code": "编码",
    "activity": "业务活动",
    "name": "名称",
    "entries": "数据类别",
    "category": "参考规则类别编号",
    "data_type": "数据类型",
    "fields": "数据字段",
    "pathway": "出境方式",
}
PROBLEMS = {
    "missing": "未填写",
    "too_short": "至少须有一项",
    "date_from_datetime_parsing": "日期格式不正确",
    "date_parsing": "日期格式不正确",
    "date_type": "日期格式不正确",
    "extra_forbidden": "不是清单的字段",
}


def _where(loc: tuple[int | str, ...]) -> str:
    words = []
    for part in loc:
        if isinstance(part, int):
            words.append(f"第{part + 1}个")
        else:
            words.append(FIELD_NAMES.get(part, part))
    return "".join(words)


def missing_fields(content: dict[str, Any]) -> list[str]:
    """Every problem that keeps the drafted content from being a complete list, in Chinese
    ("业务场景第1个数据类别：至少须有一项"); empty when it can be published."""
    stamped = {"published": clock.today().isoformat(), **content}
    try:
        NegativeList.model_validate(stamped)
    except ValidationError as exc:
        return [f"{_where(e['loc'])}：{PROBLEMS.get(e['type'], '填写有误')}" for e in exc.errors()]
    try:
        versions.validate_content(stamped)
    except Invalid as exc:  # the cross-field checks (dates, duplicate codes) name their problem
        return [exc.message]
    return []


@dataclass(frozen=True)
class Preview:
    """What publishing the draft would do."""

    missing: list[str]
    replaced: NegativeList | None = None
    changes: list[Change] = field(default_factory=list)


def _in_force(db_session: Session, list_id: str, day: date) -> NegativeList | None:
    found = versions.effective_lists(db_session=db_session, on=day)
    return next((lst for lst in found if lst.id == list_id), None)


def preview(*, db_session: Session, actor: Principal, draft_id: int) -> Preview:
    """The draft's gaps, the version it replaces and the changes against that version."""
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    missing = missing_fields(draft.content)
    if missing:
        return Preview(missing=missing)
    drafted = versions.validate_content({"published": clock.today().isoformat(), **draft.content})
    replaced = _in_force(db_session, draft.list_id, drafted.valid_from)
    if replaced is None:
        return Preview(missing=[])
    return Preview(missing=[], replaced=replaced, changes=diff_lists(replaced, drafted))
