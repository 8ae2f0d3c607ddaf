"""The Excel layout published negative lists use, and the cell-level conversions.

One row per 数据类别 (entry); the scenario's columns repeat on each of its rows. A second
sheet holds the list's metadata as 项目 | 值 pairs.
"""

import re

from chujing import labels
from chujing.rules.lists import ListPathway

LIST_SHEET = "负面清单"
META_SHEET = "清单信息"

NUMBER = "序号"
ACTIVITY = "业务活动"
SCENARIO = "业务场景"
SCENARIO_CODE = "场景编码"
ENTRY = "数据类别"
ENTRY_CODE = "类别编码"
FIELDS = "数据字段"
DATA_TYPE = "数据类型"
PATHWAY = "出境路径"
THRESHOLDS = "数量阈值"
CONDITIONS = "条件说明"
CATEGORY = "参考类别序号"
DESCRIPTION = "场景说明"

COLUMNS = (
    NUMBER,
    ACTIVITY,
    SCENARIO,
    SCENARIO_CODE,
    ENTRY,
    ENTRY_CODE,
    FIELDS,
    DATA_TYPE,
    PATHWAY,
    THRESHOLDS,
    CONDITIONS,
    CATEGORY,
    DESCRIPTION,
)
WIDTHS = (6, 12, 24, 14, 24, 16, 40, 14, 16, 24, 36, 12, 40)

# (metadata key, label) in sheet order
META_ROWS = (
    ("id", "清单编号"),
    ("title", "清单名称"),
    ("ftz", "自贸试验区"),
    ("official", "官方文本"),
    ("version", "版本"),
    ("published", "发布日期"),
    ("valid_from", "生效日期"),
    ("valid_until", "有效期至"),
    ("sector", "行业领域"),
    ("excludes_ciio", "不适用于关键信息基础设施运营者"),
    ("source", "来源"),
)

DATA_TYPES = labels.DATA_TYPES
PATHWAYS: dict[ListPathway, str] = {
    "security_assessment": "安全评估",
    "standard_contract_or_certification": "标准合同或认证",
}
"""出境路径 cells in the published lists' wording (docs/list-excel.md): the pages' short names
(`chujing.engine.labels.PATHWAY_SHORT`, out of this layer's reach) with the slash spelled
out; tests/listxlsx/test_layout_labels.py holds the two to the same words."""
YES, NO = "是", "否"

FIELD_SEPARATOR = "、"
FIELD_SPLIT = re.compile(r"[、，,;；\n]")
CONDITION_SEPARATOR = "\n"
THRESHOLD_SEPARATOR = "；"
THRESHOLD_LABELS = {"persons": "个人信息", "sensitive_persons": "敏感个人信息"}
THRESHOLD_PART = re.compile(r"^(敏感个人信息|个人信息)\s*(?:≥|>=)?\s*([0-9]+)\s*(万)?\s*人?$")

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def restore(text: str) -> str:
    """Undo `neutralise`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_DANGEROUS) else text


def format_thresholds(values: dict[str, int]) -> str:
    return THRESHOLD_SEPARATOR.join(
        f"{THRESHOLD_LABELS[key]}≥{value}人" for key, value in values.items()
    )


def parse_thresholds(text: str) -> dict[str, int]:
    """`个人信息≥100000人；敏感个人信息≥1万人` → counts; ValueError naming the bad part."""
    labels = {label: key for key, label in THRESHOLD_LABELS.items()}
    values: dict[str, int] = {}
    for part in (p.strip() for p in re.split(r"[;；\n]", text)):
        if not part:
            continue
        match = THRESHOLD_PART.match(part)
        if match is None:
            raise ValueError(f"无法识别“{part}”，应写作如“个人信息≥100000人”")
        key = labels[match.group(1)]
        if key in values:
            raise ValueError(f"“{match.group(1)}”的阈值写了两次")
        values[key] = int(match.group(2)) * (10_000 if match.group(3) else 1)
    return values
