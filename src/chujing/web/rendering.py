"""The one Jinja2 environment of the pages, with the Chinese labels of engine codes."""

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from chujing.engine import labels
from chujing.platform.clock import SHANGHAI
from chujing.rules.jurisdiction import current_book
from chujing.rules.packs import HOME, current_pack, load_pack, pack_codes
from chujing.web import notices
from chujing.web.session import WebUser

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.globals.update(
    PATHWAY=labels.PATHWAY,
    PATHWAY_SHORT=labels.PATHWAY_SHORT,
    FLAG=labels.FLAG,
    REGIME=labels.REGIME,
    PROCEDURE=labels.PROCEDURE,
    SEPARATE_REGIME=labels.SEPARATE_REGIME,
    DEADLINE_UNIT=labels.DEADLINE_UNIT,
    READING=labels.READING,
    HOME=HOME,
    JURISDICTION=current_pack,  # {{ JURISDICTION().portal.title }}: the FTZ this process serves
    ZONE_WORD=lambda: current_pack().zones[0].kind,  # 板块, 片区: what the pack calls a zone
    CITE=lambda rule_id: current_book().citation(rule_id),  # a rule of the served pack's book
    REGIME_LABEL=labels.regime_label,
    DATA_TYPE={
        "important_data": "重要数据",
        "personal_information": "个人信息",
        "sensitive_personal_information": "敏感个人信息",
    },
    # every pack's city, and the FTZs whose lists ship only for reference
    FTZ_NAMES={
        "hainan": "海南",
        "zhejiang": "浙江",
        **{code: load_pack(code).city.removesuffix("市") for code in pack_codes()},
    },
)


def local_time(instant: datetime | None) -> str:
    """An instant as the FTZ reads it (Asia/Shanghai), to the minute."""
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if instant else "—"


TEMPLATES.env.filters["local"] = local_time


def page(
    request: Request,
    template: str,
    *,
    user: WebUser | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render one page with the signed-in user (if any) available to the layout."""
    context = {"user": user, "flash": notices.pending(request), **context}
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    notices.clear(request, response)
    return response
