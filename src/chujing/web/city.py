"""Municipal pages: drafting a sector's list through the Art 9 stages (content, expert
and department comments with resolutions, approval, filing, publication, diffs), all
through the listcycle services."""

from collections.abc import Callable, Mapping
from typing import Annotated, Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.inputs import Id, Name
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
    TransitionIn,
)
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal
from chujing.platform.tally import scenarios
from chujing.web import listedit, lookup
from chujing.web.actions import CONTROL_ERROR, Done, attempt, attempt_read, read
from chujing.web.forms import FormPage, Refusal, form, named, record_page, text_of
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


def _dashboard(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
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
        refusal=refusal,
        **read(request, load),
    )


DASHBOARD = FormPage(_dashboard, controls=named("list_id", "sector") | {"title": "new-title"})


@router.get("/city", response_class=HTMLResponse)
def city_dashboard(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)]
) -> HTMLResponse:
    """Drafts under way and the published versions with their validity countdown."""
    return _dashboard(request, user)


class NewDraftForm(DraftIn):
    """`DraftIn` as the dashboard posts it, with whether to start from the list in force
    with the same id."""

    from_current: bool = Field(default=False, exclude=True)


@router.post("/city/drafts", response_class=HTMLResponse)
async def create_draft(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    data: Annotated[NewDraftForm, form(NewDraftForm, again=DASHBOARD)],
) -> Response:
    """Start a draft batch, optionally from the list in force with the same id."""
    basis = lookup.find(effective_lists(request), data.list_id) if data.from_current else None

    def create(db: Session) -> int:
        draft = drafts.create_draft(db_session=db, actor=user.principal, data=data)
        if basis is not None:
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
        return await DASHBOARD.again(request, user, done)
    return RedirectResponse(f"/city/drafts/{done.value}", status_code=303)


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


# The ids of the draft page's controls for the fields the services refuse from any form.
DRAFT_IDS = {"content.version": "m-version", "content.valid_until": "m-until"}


def show_draft(
    request: Request,
    user: WebUser,
    draft_id: int,
    refusal: Refusal | None = None,
    *,
    posted: str = "",
) -> HTMLResponse:
    """The draft page; after a refusal of its form `posted`, with the refusal and what the
    user typed into that form."""
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
        refusal=refusal,
        posted=posted,
    )


def draft_form(posted: str, controls: Mapping[str, str] | None = None) -> FormPage:
    """The draft page shown again for its form `posted` (the template refills that form),
    a refused field by its control among `controls`."""
    return FormPage(
        record_page(
            lambda request, user, draft_id, refusal: show_draft(
                request, user, draft_id, refusal, posted=posted
            ),
            "draft_id",
        ),
        controls={**DRAFT_IDS, **(controls or {})},
    )


@router.get("/city/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)], draft_id: Id
) -> HTMLResponse:
    """One draft: stage, content, comments, diff against the list in force, actions."""
    return show_draft(request, user, draft_id)


def _change_route(
    path: str,
    name: str,
    summary: str,
    edit: listedit.Edit,
    notice: str | Callable[[Any], str] = "saved",
    perm: Perm = Perm.lists_manage,
) -> None:
    """Add `POST /city/drafts/{draft_id}/<path>`: the form read into `edit.model` and
    stored through `edit.call` (`web.listedit`), then the draft page announcing `notice`
    (or the notice `notice(data)` names); a refusal shows the form's page again."""
    again = draft_form(name, edit.controls)
    model = form(edit.model, again=again, gather=edit.gather, path=edit.path)

    async def change(
        request: Request,
        user: Annotated[WebUser, permit(perm)],
        draft_id: Id,
        data: Annotated[BaseModel, model],
    ) -> Response:
        done = await attempt(request, lambda db: edit.apply(db, user.principal, draft_id, data))
        if not done.ok:
            return await again.again(request, user, done)
        said = notice(data) if callable(notice) else notice
        return redirect(f"/city/drafts/{draft_id}", said)

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
_change_route(
    "yaml", "edit_yaml", "Replace the whole drafted content (contract §3 YAML).", listedit.CONTENT
)
_change_route(
    "xlsx",
    "import_excel",
    "Replace the drafted content by a list in the published Excel table layout.",
    listedit.WORKBOOK,
    "uploaded",
)
_change_route(
    "comments",
    "comment",
    "An expert's or department's comment during consultation.",
    listedit.Edit(
        CommentIn, drafts.add_comment, controls={"text": "c-text", "entry_code": "c-entry"}
    ),
    "commented",
    Perm.lists_comment,
)


class TransitionForm(TransitionIn):
    """`TransitionIn` as the draft and publish pages post it: the action, and for
    publishing the confirmation that the differences were checked."""

    action: str = Field(default="", exclude=True, max_length=32)
    confirm: bool = Field(default=False, exclude=True)

    @model_validator(mode="after")
    def _confirmed(self) -> "TransitionForm":
        if self.action == "publish" and not self.confirm:
            raise PydanticCustomError(
                CONTROL_ERROR, "发布前请核对与被替代版本的差异，并勾选确认发布"
            )
        return self


def _move(*, db_session: Session, actor: Principal, draft_id: int, data: TransitionForm) -> object:
    """The draft's next stage: publishing is the versions service's, the rest the drafts'."""
    step: dict[str, Any] = {"db_session": db_session, "actor": actor, "draft_id": draft_id}
    if data.action == "publish":
        return versions.publish(**step, version=data.version, note=data.note)
    return drafts.advance(**step, **data.model_dump(), action=data.action)  # version, note, ref


_change_route(
    "advance",
    "advance",
    "Move the draft to its next stage (publishing makes the version effective).",
    listedit.Edit(TransitionForm, _move),
    lambda data: "published" if data.action == "publish" else "advanced",
)


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


class ResolutionForm(ResolutionIn):
    """`ResolutionIn` with the comment the address names."""

    comment_id: Id = Field(exclude=True)


_change_route(
    "comments/{comment_id}",
    "resolve",
    "Record how a comment was dealt with.",
    listedit.Edit(
        ResolutionForm,
        lambda draft_id, **given: drafts.resolve_comment(**given),  # a comment has its own id
        lambda data: {"comment_id": data.comment_id, "data": data},
        path=("comment_id",),
    ),
    "resolved",
)


def _catalogue_page(
    request: Request, user: WebUser, sector: str, refusal: Refusal | None = None
) -> HTMLResponse:
    rows = read(request, lambda db: list(db.scalars(catalogue.query(sector=sector or None))))
    return page(
        request,
        "city/catalogue.html",
        user=user,
        rows=rows,
        sector=sector,
        drafter=user.principal.may(Perm.lists_manage) and user.principal.city_wide,
        refusal=refusal,
    )


# the catalogue shown again for the sector the refused item was posted for
CATALOGUE = FormPage(
    lambda request, user, refusal: _catalogue_page(
        request, user, text_of(refusal.typed, "sector"), refusal
    ),
    controls={"sector": "n-sector", "code": "n-code", "name": "n-name", "category": "n-cat"}
    | {"description": "n-desc", "basis": "n-basis"},
)


@router.get("/city/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request, user: Annotated[WebUser, permit(Perm.lists_comment)], sector: str = ""
) -> HTMLResponse:
    """The important-data catalogue per sector (Art 9(2))."""
    return _catalogue_page(request, user, sector.strip()[:100])


class CatalogueForm(CatalogueItemIn):
    """`CatalogueItemIn` as the catalogue page posts it, with the sector the API's path
    names."""

    sector: Name = Field(exclude=True)


@router.post("/city/catalogue", response_class=HTMLResponse)
async def add_catalogue_item(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    data: Annotated[CatalogueForm, form(CatalogueForm, again=CATALOGUE)],
) -> Response:
    """Add an important-data kind to a sector's catalogue."""
    done = await attempt(
        request,
        lambda db: catalogue.add(
            db_session=db, actor=user.principal, sector=data.sector, data=data
        ),
    )
    if not done.ok:
        return await CATALOGUE.again(request, user, done)
    return RedirectResponse(f"/city/catalogue?sector={quote(data.sector)}", status_code=303)
