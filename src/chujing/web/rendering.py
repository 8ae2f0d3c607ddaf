"""The one Jinja2 environment of the pages, with the Chinese labels of engine codes."""

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from chujing.engine import labels
from chujing.labels import DATA_TYPES
from chujing.platform.cases import guides
from chujing.platform.cases import service as cases
from chujing.platform.cases.service import time_limit
from chujing.platform.clock import SHANGHAI
from chujing.platform.principal import Principal
from chujing.rules.jurisdiction import current_book
from chujing.rules.packs import HOME, current_pack, load_pack, pack_codes
from chujing.web import names, notices
from chujing.web.forms import FormPage, Refusal
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
    GUIDE=guides.guide,  # {% set guide = GUIDE('report') %}{% include "cases/_guide.html" %}
    TIME_LIMIT=time_limit,
    DATA_TYPE=DATA_TYPES,
    # every pack's city, and the FTZs whose lists ship only for reference
    FTZ_NAMES={
        "hainan": "海南",
        "zhejiang": "浙江",
        **{code: load_pack(code).city.removesuffix("市") for code in pack_codes()},
    },
)

names.install(TEMPLATES.env)


def local_time(instant: datetime | None) -> str:
    """An instant as the FTZ reads it (Asia/Shanghai), to the minute."""
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if instant else "—"


TEMPLATES.env.filters["local"] = local_time


def _changes_since_last_visit(db: Session, actor: Principal) -> int:
    since = cases.previous_sign_in(db, actor=actor)
    return cases.changed_count(db, actor=actor, since=since) if since is not None else 0


def header_badge(request: Request, user: WebUser) -> dict[str, Any] | None:
    """The header's link to the notification centre with its unread count (enterprises),
    or to what changed since the last sign-in (officers)."""
    from chujing.platform.inbox import service as inbox
    from chujing.platform.permissions import Perm
    from chujing.web.actions import read

    actor = user.principal
    if actor.processor_id is not None and actor.may(Perm.notices_read):
        unread = read(request, lambda db: inbox.unread_total(db_session=db, actor=actor))
        return {"href": "/inbox", "text": "站内信", "count": unread, "unit": "条未读"}
    if actor.may(Perm.supervision_read):
        changed = read(request, lambda db: _changes_since_last_visit(db, actor))
        return {
            "href": "/cases/changes",
            "text": "新变化",
            "count": changed,
            "unit": "件办件有变化",
        }
    return None


def page(
    request: Request,
    template: str,
    *,
    user: WebUser | None = None,
    status_code: int = 200,
    refusal: Refusal | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render one page with the signed-in user (if any) available to the layout.

    With a `refusal` (web.forms.FormPage) the page answers 422 and its templates have the
    message as `error` by `error_field` (or as `errors`, by control id) and the user's
    input as `form`, unless the handler passes its own."""
    shown: dict[str, Any] = {"errors": {}, "form": {}}
    if refusal is not None:
        status_code = 422
        shown = {"errors": refusal.errors, "form": refusal.typed}
        shown.update(error=refusal.message, error_field=refusal.control)
    context = {**shown, "user": user, "flash": notices.pending(request), **context}
    if user is not None and "badge" not in context:
        context["badge"] = header_badge(request, user)
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    notices.clear(request, response)
    return response


def refused_page(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    """The refusal page, for a form whose page has no place for its message."""
    return page(request, "refused.html", user=user, message=refusal.message, refusal=refusal)


REFUSED = FormPage(refused_page)
"""A form refused on the refusal page (a button on a document's page)."""
