"""The real tools of Art 9(1) and 9(3): demand surveys sent to a sector's processors and
answered by them, aggregated into a draft's starting point; the scenario analysis of the
sector's reports and answers shown on the draft page."""

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import model_validator
from sqlalchemy.orm import Session

from chujing.platform.inputs import Id, Version
from chujing.platform.listcycle import surveys
from chujing.platform.listcycle.models import SurveyAnswerIn, SurveyIn
from chujing.platform.permissions import Perm
from chujing.web.actions import read
from chujing.web.city import draft_form
from chujing.web.forms import (
    ControlsForm,
    FormPage,
    Refusal,
    form,
    split_list,
    text_of,
)
from chujing.web.listedit import DATA_TYPES
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()
CATEGORY_ROWS = 3


DRAFT = draft_form("survey", {"title": "sv-title", "due": "sv-due"})


@router.post("/city/drafts/{draft_id}/surveys", response_class=HTMLResponse)
async def send_survey(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    draft_id: Id,
    data: Annotated[SurveyIn, form(SurveyIn, again=DRAFT, path=("draft_id",))],
) -> Response:
    """Send a demand survey for this draft to the processors of its sector."""
    return await take(
        request, user, DRAFT, surveys.create, f"/city/drafts/{draft_id}", "survey_sent", data=data
    )


@router.post("/city/drafts/{draft_id}/surveys/{survey_id}/close", response_class=HTMLResponse)
async def close_survey(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    draft_id: Id,
    survey_id: Id,
) -> Response:
    """End the survey; its answers count as the draft's completed demand survey."""
    return await take(
        request,
        user,
        DRAFT,
        surveys.close,
        f"/city/drafts/{draft_id}",
        "survey_closed",
        survey_id=survey_id,
    )


@router.post("/city/drafts/{draft_id}/surveys/{survey_id}/seed", response_class=HTMLResponse)
async def seed_from_survey(
    request: Request,
    user: Annotated[WebUser, permit(Perm.lists_manage)],
    draft_id: Id,
    survey_id: Id,
    version: Annotated[Version, Form()],
) -> Response:
    """Make the aggregated answers the draft's scenarios (closes the survey)."""
    return await take(
        request,
        user,
        DRAFT,
        surveys.seed_draft,
        f"/city/drafts/{draft_id}",
        survey_id=survey_id,
        draft_id=draft_id,
        version=version,
    )


def _surveys_page(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    def load(db: Session) -> list[Any]:
        query = surveys.list_query(db_session=db, actor=user.principal)
        return list(db.scalars(query.limit(50)))

    return page(
        request,
        "enterprise/surveys.html",
        user=user,
        surveys=read(request, load),
        rows=range(CATEGORY_ROWS),
        data_types=DATA_TYPES,
        refusal=refusal,
    )


SURVEYS = FormPage(_surveys_page)


@router.get("/enterprise/surveys", response_class=HTMLResponse)
def surveys_page(
    request: Request, user: Annotated[WebUser, permit(Perm.surveys_answer)]
) -> HTMLResponse:
    """Demand surveys sent to the enterprise's sector."""
    return _surveys_page(request, user)


def answer_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """One scenario with up to three categories, as the survey answer the service expects."""
    categories = []
    for i in range(CATEGORY_ROWS):
        name = text_of(form, f"cat_name_{i}")
        if not name:
            continue
        number = text_of(form, f"cat_number_{i}")
        categories.append(
            {
                "name": name,
                "category": int(number) if number.isdigit() else number,
                "data_type": text_of(form, f"cat_type_{i}"),
                "fields": split_list(text_of(form, f"cat_fields_{i}")),
            }
        )
    count = {k: (text_of(form, k) or "0").replace(",", "") for k in ("persons", "exports")}
    return {
        "scenarios": [
            {
                "activity": text_of(form, "activity"),
                "scenario": text_of(form, "scenario"),
                "categories": categories,
                "persons_per_year": int(count["persons"]) if count["persons"].isdigit() else -1,
                "exports_per_year": int(count["exports"]) if count["exports"].isdigit() else -1,
                "recipient_countries": [  # the pickers country_0…2 (or one typed list)
                    c.upper() for c in split_list("、".join(_countries(form)))
                ],
            }
        ]
    }


def _countries(form: Mapping[str, Any]) -> list[str]:
    picked = [text_of(form, f"country_{n}") for n in range(3)]
    return [text_of(form, "countries"), *picked]


class AnswerForm(ControlsForm, SurveyAnswerIn):
    """`SurveyAnswerIn` as the survey page posts it: one scenario, its categories in rows
    of controls (`cat_name_<i>`, `cat_number_<i>`, `cat_type_<i>`, `cat_fields_<i>`)."""

    @model_validator(mode="before")
    @classmethod
    def _rows(cls, values: Any) -> Any:
        return answer_data(values) if isinstance(values, dict) else values


@router.post("/enterprise/surveys/{survey_id}", response_class=HTMLResponse)
async def answer_survey(
    request: Request,
    user: Annotated[WebUser, permit(Perm.surveys_answer)],
    survey_id: Id,
    data: Annotated[AnswerForm, form(AnswerForm, again=SURVEYS)],
) -> Response:
    """The enterprise's one answer: the scenario it needs and what it exports in it."""
    return await take(
        request,
        user,
        SURVEYS,
        surveys.answer,
        "/enterprise/surveys?answered=1",
        survey_id=survey_id,
        data=data,
    )
