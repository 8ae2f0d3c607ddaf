"""Municipal pages: drafting a sector's list through the Art 9 stages (content, expert
and department comments with resolutions, approval, filing, publication, diffs), all
through the listcycle services."""

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from chujing.platform import clock
from chujing.platform.errors import Invalid
from chujing.platform.inputs import Id
from chujing.platform.listcycle import catalogue, preview, surveys, versions
from chujing.platform.listcycle import service as drafts
from chujing.platform.listcycle.flows import COMMENTABLE, EDITABLE, TRANSITIONS
from chujing.platform.listcycle.models import (
    STAGE_NAMES_ZH,
    CatalogueItemIn,
    CommentIn,
    DraftIn,
    ListDraft,
    ResolutionIn,
    Stage,
)
from chujing.platform.permissions import Perm
from chujing.platform.tally import scenarios
from chujing.web import listedit, lookup
from chujing.web.actions import Done, attempt, attempt_read, read
from chujing.web.forms import fields
from chujing.web.notices import redirect
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.sources import effective_lists

router = APIRouter()
STAGES = [s for s in Stage if s is not Stage.abandoned]
ACTION_NAMES = {
    "identify": "进入重要数据识别",
    "analyse": "进入业务场景分析",
    "consult": "提交专家论证与征求意见",
    "revise": "退回修改",
    "approve": "记录市委网信委批准",
    "file": "记录国家备案",
    "publish": "发布",
    "abandon": "放弃草案",
}
RESOLUTIONS = {"adopted": "采纳", "partly_adopted": "部分采纳", "not_adopted": "不采纳"}


def _version(form: dict[str, Any]) -> int:
    raw = str(form.get("version") or "0")
    return int(raw) if raw.isdigit() else 0


@router.get("/city", response_class=HTMLResponse)
def city_dashboard(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)]
) -> HTMLResponse:
    """Drafts under way and the published versions with their validity countdown."""

    def load(db: Session) -> dict[str, Any]:
        return {
            "drafts": list(db.scalars(drafts.drafts_query(actor=user.principal).limit(100))),
            "published": [
                versions.countdown(v) for v in db.scalars(versions.versions_query().limit(100))
            ],
        }

    return page(
        request,
        "city/dashboard.html",
        user=user,
        stages=STAGE_NAMES_ZH,
        current=lookup.in_force(effective_lists(request), clock.today()),
        **read(request, load),
    )


@router.post("/city/drafts", response_class=HTMLResponse)
async def create_draft(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)]
) -> Response:
    """Start a draft batch, optionally from the list in force with the same id."""
    form = await fields(request)
    basis = lookup.find(effective_lists(request), str(form.get("list_id", "")).strip())

    def create(db: Session) -> int:
        draft = drafts.create_draft(
            db_session=db,
            actor=user.principal,
            data=DraftIn(
                list_id=str(form.get("list_id", "")).strip(),
                sector=str(form.get("sector", "")).strip(),
                title=str(form.get("title", "")).strip(),
            ),
        )
        if basis is not None and form.get("from_current") == "on":
            content = basis.model_dump(mode="json", exclude={"published"})
            content["version"] = ""
            drafts.set_content(
                db_session=db,
                actor=user.principal,
                draft_id=draft.id,
                version=draft.version,
                content={k: v for k, v in content.items() if v != ""},
            )
        return draft.id

    done = await attempt(request, create)
    if not done.ok:
        return _error_page(request, user, done.error)
    return RedirectResponse(f"/city/drafts/{done.value}", status_code=303)


def _error_page(request: Request, user: WebUser, message: str) -> HTMLResponse:
    return page(request, "forbidden.html", user=user, message=message, status_code=422)


def _draft_context(db: Session, user: WebUser, draft_id: int) -> dict[str, Any]:
    actor = user.principal
    draft = drafts.get_draft(db_session=db, actor=actor, draft_id=draft_id)
    own_surveys: list[tuple[Any, int]] = []
    figures: list[Any] = []
    if actor.may(Perm.lists_manage) and actor.city_wide:
        for survey in db.scalars(surveys.list_query(db_session=db, actor=actor)):
            if survey.draft_id == draft.id:
                count = len(surveys.answers(db_session=db, actor=actor, survey_id=survey.id))
                own_surveys.append((survey, count))
        figures = scenarios.analyse(db_session=db, actor=actor, sector=draft.sector)
    return {
        "surveys": own_surveys,
        "analysis": figures,
        "draft": draft,
        "events": drafts.events(db_session=db, actor=actor, draft_id=draft_id),
        "comments": drafts.comments(db_session=db, actor=actor, draft_id=draft_id),
        "preview": preview.preview(db_session=db, actor=actor, draft_id=draft_id),
    }


# The service's field names as the ids of the draft page's controls.
DRAFT_IDS = {
    "code": "a-code",
    "scenario_name": "a-sname",
    "category": "a-cat",
    "due": "sv-due",
    "content.version": "m-version",
    "content.valid_until": "m-until",
}


def show_draft(
    request: Request,
    user: WebUser,
    draft_id: int,
    *,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """The draft page, with an error from the last action when there is one."""
    found: Done[dict[str, Any]] = attempt_read(
        request, lambda db: _draft_context(db, user, draft_id)
    )
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    draft: ListDraft = found.value["draft"]
    content = draft.content
    ahead: preview.Preview = found.value["preview"]
    stage = Stage(draft.stage)
    drafter = user.principal.may(Perm.lists_manage) and user.principal.city_wide
    return page(
        request,
        "city/draft.html",
        user=user,
        **found.value,
        content=content,
        stage=stage,
        stages=STAGES,
        stage_names=STAGE_NAMES_ZH,
        actions=[(a, ACTION_NAMES[a]) for a, t in TRANSITIONS.items() if stage in t.sources]
        if drafter
        else [],
        drafter=drafter,
        editable=drafter and stage in EDITABLE,
        commentable=user.principal.may(Perm.lists_comment) and stage in COMMENTABLE,
        data_types=listedit.DATA_TYPES,
        pathways=listedit.PATHWAYS,
        resolutions=RESOLUTIONS,
        changes=ahead.changes,
        replaced=ahead.replaced,
        incomplete=ahead.missing,
        yaml_text=yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
        error=error,
        error_field=DRAFT_IDS.get(error_field, error_field),
        status_code=status_code,
    )


@router.get("/city/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)], draft_id: Id
) -> HTMLResponse:
    """One draft: stage, content, comments, diff against the list in force, actions."""
    return show_draft(request, user, draft_id)


def _after(
    request: Request, user: WebUser, draft_id: int, done: Done[Any], notice: str = "saved"
) -> Response:
    if done.ok:
        return redirect(f"/city/drafts/{draft_id}", notice)
    return show_draft(
        request, user, draft_id, error=done.error, error_field=done.field, status_code=422
    )


async def _edit(
    request: Request,
    user: WebUser,
    draft_id: int,
    change: Callable[[dict[str, Any], dict[str, Any]], Any],
    notice: str = "saved",
) -> Response:
    """Apply a content change made from a form and store it with set_content."""
    form = await fields(request)

    def store(db: Session) -> ListDraft:
        draft = drafts.get_draft(db_session=db, actor=user.principal, draft_id=draft_id)
        try:
            content = change(dict(draft.content), form)
        except listedit.EditError as exc:
            raise Invalid(exc.message, field=exc.field) from None
        return drafts.set_content(
            db_session=db,
            actor=user.principal,
            draft_id=draft_id,
            version=_version(form),
            content=content,
        )

    return _after(request, user, draft_id, await attempt(request, store), notice)


async def _change(request: Request, user: WebUser, draft_id: int, edit: listedit.Edit) -> Response:
    """Store a form through a listcycle entries call (`web.listedit`)."""
    form = await fields(request)
    done = await attempt(
        request, lambda db: listedit.apply(db, user.principal, draft_id, edit, form)
    )
    return _after(request, user, draft_id, done)


def _change_route(path: str, name: str, summary: str, edit: listedit.Edit) -> None:
    """Add `POST /city/drafts/{draft_id}/<path>`: the form stored through `edit`."""

    async def change(
        request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)], draft_id: Id
    ) -> Response:
        return await _change(request, user, draft_id, edit)

    change.__doc__ = summary
    route = f"/city/drafts/{{draft_id}}/{path}"
    router.post(route, response_class=HTMLResponse, name=name)(change)


_change_route(
    "meta",
    "edit_meta",
    "Title, version number, validity and source of the drafted list.",
    listedit.META,
)
_change_route("entries", "add_entry", "Add a 数据类别 to a scenario.", listedit.NEW_ENTRY)
_change_route("entries/edit", "edit_entry", "Change a 数据类别 of the draft.", listedit.ENTRY)
_change_route("entries/remove", "remove_entry", "Remove a 数据类别.", listedit.REMOVAL)


def _from_yaml(_: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    try:
        data = yaml.safe_load(str(form.get("content", "")))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise listedit.EditError("content", f"YAML 格式错误{line}") from None
    if not isinstance(data, dict):
        raise listedit.EditError("content", "清单内容须为 YAML 映射（键: 值）")
    return data


@router.post("/city/drafts/{draft_id}/yaml", response_class=HTMLResponse)
async def edit_yaml(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)], draft_id: Id
) -> Response:
    """Replace the whole drafted content (contract §3 YAML)."""
    return await _edit(request, user, draft_id, _from_yaml)


def _from_xlsx(_: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    from chujing.listxlsx import XlsxProblems, import_xlsx

    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise listedit.EditError("file", "请选择 Excel 文件")
    data = upload.file.read(20 * 2**20)
    try:
        lst = import_xlsx(data, upload.filename or "list.xlsx")
    except XlsxProblems as exc:
        first = exc.problems[0]
        raise listedit.EditError("file", f"{first}（共 {len(exc.problems)} 处问题）") from None
    content: dict[str, Any] = lst.model_dump(mode="json", exclude={"published"})
    return content


@router.post("/city/drafts/{draft_id}/xlsx", response_class=HTMLResponse)
async def import_excel(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)], draft_id: Id
) -> Response:
    """Replace the drafted content by a list in the published Excel table layout."""
    return await _edit(request, user, draft_id, _from_xlsx, "uploaded")


@router.post("/city/drafts/{draft_id}/advance", response_class=HTMLResponse)
async def advance(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)], draft_id: Id
) -> Response:
    """Move the draft to its next stage (publishing makes the version effective)."""
    form = await fields(request)
    action = str(form.get("action", ""))
    note = str(form.get("note", ""))

    def move(db: Session) -> object:
        if action == "publish" and form.get("confirm") != "on":
            raise Invalid("发布前请核对与被替代版本的差异，并勾选确认发布", field="confirm")
        if action == "publish":
            return versions.publish(
                db_session=db,
                actor=user.principal,
                draft_id=draft_id,
                version=_version(form),
                note=note,
            )
        return drafts.advance(
            db_session=db,
            actor=user.principal,
            draft_id=draft_id,
            action=action,
            version=_version(form),
            note=note,
            ref=str(form.get("ref", "")).strip(),
        )

    done = await attempt(request, move)
    return _after(request, user, draft_id, done, "published" if action == "publish" else "advanced")


@router.get("/city/drafts/{draft_id}/publish", response_class=HTMLResponse)
def confirm_publish(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)], draft_id: Id
) -> HTMLResponse:
    """Publishing asks for confirmation, showing what the draft changes against the version
    it replaces and anything it still lacks."""
    found: Done[dict[str, Any]] = attempt_read(
        request, lambda db: _draft_context(db, user, draft_id)
    )
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    ahead: preview.Preview = found.value["preview"]
    return page(
        request,
        "city/publish.html",
        user=user,
        draft=found.value["draft"],
        stage_names=STAGE_NAMES_ZH,
        preview=ahead,
    )


@router.post("/city/drafts/{draft_id}/comments", response_class=HTMLResponse)
async def comment(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)], draft_id: Id
) -> Response:
    """An expert's or department's comment during consultation."""
    form = await fields(request)
    data = {"text": str(form.get("text", "")), "entry_code": str(form.get("entry_code", ""))}
    done = await attempt(
        request,
        lambda db: drafts.add_comment(
            db_session=db,
            actor=user.principal,
            draft_id=draft_id,
            data=CommentIn.model_validate(data),
        ),
    )
    return _after(request, user, draft_id, done, "commented")


@router.post("/city/drafts/{draft_id}/comments/{comment_id}", response_class=HTMLResponse)
async def resolve(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    draft_id: Id,
    comment_id: Id,
) -> Response:
    """Record how a comment was dealt with."""
    form = await fields(request)
    data = {"resolution": form.get("resolution", ""), "note": str(form.get("note", ""))}
    done = await attempt(
        request,
        lambda db: drafts.resolve_comment(
            db_session=db,
            actor=user.principal,
            comment_id=comment_id,
            data=ResolutionIn.model_validate(data),
        ),
    )
    return _after(request, user, draft_id, done, "resolved")


# The service's field names as the ids of the catalogue form's controls.
CATALOGUE_IDS = {
    "sector": "n-sector",
    "code": "n-code",
    "name": "n-name",
    "category": "n-cat",
    "description": "n-desc",
    "basis": "n-basis",
}


def _catalogue_page(
    request: Request,
    user: WebUser,
    sector: str,
    *,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    rows = read(request, lambda db: list(db.scalars(catalogue.query(sector=sector or None))))
    return page(
        request,
        "city/catalogue.html",
        user=user,
        rows=rows,
        sector=sector,
        drafter=user.principal.may(Perm.lists_manage) and user.principal.city_wide,
        error=error,
        error_field=CATALOGUE_IDS.get(error_field, error_field),
        status_code=status_code,
    )


@router.get("/city/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)], sector: str = ""
) -> HTMLResponse:
    """The important-data catalogue per sector (Art 9(2))."""
    return _catalogue_page(request, user, sector.strip()[:100])


@router.post("/city/catalogue", response_class=HTMLResponse)
async def add_catalogue_item(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_manage)]
) -> Response:
    """Add an important-data kind to a sector's catalogue."""
    form = await fields(request)
    sector = str(form.get("sector", "")).strip()
    data = {
        "code": str(form.get("code", "")).strip(),
        "name": str(form.get("name", "")).strip(),
        "category": str(form.get("category", "")).strip(),
        "description": str(form.get("description", "")),
        "basis": str(form.get("basis", "")).strip(),
    }
    done = await attempt(
        request,
        lambda db: catalogue.add(
            db_session=db,
            actor=user.principal,
            sector=sector,
            data=CatalogueItemIn.model_validate(data),
        ),
    )
    if not done.ok:
        return _catalogue_page(
            request, user, sector, error=done.error, error_field=done.field, status_code=422
        )
    return RedirectResponse(f"/city/catalogue?sector={quote(sector)}", status_code=303)
