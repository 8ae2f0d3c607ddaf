"""Public pages: the introduction, published lists with lookup, the Annex catalogue,
other FTZs' lists and the anonymous quick self-check (nothing is stored)."""

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from chujing.engine import Outcome, PlanError
from chujing.engine.assess import today_in_shanghai
from chujing.platform.downloads import XLSX, attachment
from chujing.platform.listcycle import versions as listversions
from chujing.rules import NegativeList
from chujing.rules.book import RuleBook
from chujing.rules.catalogue import CategoryView
from chujing.rules.jurisdiction import current_book, foreign_measures
from chujing.rules.models import Located
from chujing.rules.packs import HOME, current_pack, load_pack
from chujing.web import lookup
from chujing.web.checkform import CheckPlan, control_for, plan_day, run_check
from chujing.web.forms import OpenFormPage, Visitor, form, list_of, typed_values
from chujing.web.purposes import choices, purposes_of
from chujing.web.rendering import page
from chujing.web.session import current_user
from chujing.web.sources import all_versions, effective_lists

router = APIRouter()
Text = Annotated[str, Query(max_length=100)]


def _in_force(request: Request) -> tuple[list[NegativeList], list[NegativeList]]:
    """The lists in force today: the served pack's own, and the other FTZs'."""
    lists = lookup.in_force(effective_lists(request), today_in_shanghai())
    home_ftz = current_pack().code
    own = [lst for lst in lists if lst.ftz == home_ftz]
    return own, [lst for lst in lists if lst.ftz != home_ftz]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """What the negative-list system is and where to start."""
    own, others = _in_force(request)
    user = current_user(request)
    return page(request, "public/home.html", user=user, own=own, others=others)


@router.get("/lists", response_class=HTMLResponse)
def lists_page(
    request: Request, sector: Text = "", scenario: Text = "", field: Text = "", ftz: Text = ""
) -> HTMLResponse:
    """Published lists with the sector / scenario / field lookup."""
    today = today_in_shanghai()
    lists = lookup.in_force(effective_lists(request), today)
    query = lookup.Query(sector.strip(), scenario.strip(), field.strip(), ftz.strip())
    hits = [] if query.empty else lookup.search(lists, query)
    return page(
        request,
        "public/lists.html",
        user=current_user(request),
        lists=[lst for lst in lists if lst.ftz == current_pack().code],
        sectors=sorted({lst.sector for lst in lists}),
        ftzs=sorted({lst.ftz for lst in lists}),
        query=query,
        hits=hits,
    )


@router.get("/lists/{list_id}", response_class=HTMLResponse)
def list_page(request: Request, list_id: str, version: Text = "") -> HTMLResponse:
    """One list: every scenario and entry, its validity, and its earlier versions."""
    all_lists = all_versions(request)
    current = lookup.find(effective_lists(request), list_id)
    lst = current if current and not version else lookup.find(all_lists, list_id, version or None)
    if lst is None:
        return page(request, "not_found.html", user=current_user(request), status_code=404)
    versions = sorted(
        (v for v in all_lists if v.id == list_id), key=lambda v: v.valid_from, reverse=True
    )
    previous = listversions.previous_version(all_lists, lst)
    changes = listversions.changes_against_previous(all_lists, lst).changes
    return page(
        request,
        "public/list.html",
        user=current_user(request),
        lst=lst,
        versions=versions,
        changes=changes,
        previous=previous,
        today=today_in_shanghai(),
        days_left=(lst.valid_until - today_in_shanghai()).days,
    )


@router.get("/lists/{list_id}/xlsx")
def list_xlsx(request: Request, list_id: str) -> Response:
    """The list in the published Excel table layout (formulas neutralised)."""
    from chujing.listxlsx import export_xlsx

    lst = lookup.find(effective_lists(request), list_id) or lookup.find(
        all_versions(request), list_id
    )
    if lst is None:
        return page(request, "not_found.html", user=current_user(request), status_code=404)
    return attachment(export_xlsx(lst), XLSX, f"{lst.id}-{lst.version}.xlsx")


@router.get("/other-ftz", response_class=HTMLResponse)
def other_ftz(request: Request) -> HTMLResponse:
    """Other FTZs' lists, for reference or as the served pack's cross-pack rule allows."""
    _, others = _in_force(request)
    return page(request, "public/other_ftz.html", user=current_user(request), lists=others)


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue(request: Request, q: Text = "") -> HTMLResponse:
    """The served pack's annex (Chongqing's 《数据分类分级参考规则》: 13 一级类别, 40 二级类别)."""
    book = current_book()
    cat = book.catalogue
    views = cat.search(q) if q.strip() else [cat.view(c.number) for c in cat.categories]
    return page(
        request,
        "public/catalogue.html",
        user=current_user(request),
        title=cat.title,
        borrowed=book.pack.short_name if book.pack.borrows_catalogue() else "",
        q=q,
        rows=merged_rows(views),
        level1=cat.level1,
        categories=cat.categories,
    )


def merged_rows(views: list[CategoryView]) -> list[tuple[CategoryView, int, int]]:
    """Each view with the rowspans of its 一级类别 and example cells, as the seed merges them:
    a span > 0 opens a merged cell over that many rows, 0 means the row above's cell covers it."""
    rows: list[tuple[CategoryView, int, int]] = []
    for i, view in enumerate(views):
        rows.append((view, _span(views, i, _level1_of), _span(views, i, _examples_of)))
    return rows


def _level1_of(view: CategoryView) -> object:
    return view.level1.code


def _examples_of(view: CategoryView) -> object:
    return tuple(view.examples)


def _span(views: list[CategoryView], i: int, key: Callable[[CategoryView], object]) -> int:
    if i > 0 and key(views[i - 1]) == key(views[i]):
        return 0
    end = i + 1
    while end < len(views) and key(views[end]) == key(views[i]):
        end += 1
    return end - i


def served_bases(book: RuleBook, basis: list[Located]) -> list[str]:
    """A setting's bases as the served pack cites them. The settings name the home pack's
    provisions; where one belongs to measures that are not the served pack's, the pack's own
    rules in the same roles (`roles`: other_lists, annex_persons ...) stand for it, and a
    provision the pack has no counterpart for is left out."""
    foreign = foreign_measures(book.pack.code)
    home_roles = load_pack(HOME).roles.model_dump()
    served_roles = book.pack.roles.model_dump()
    known = {r.id: r for r in book.rules}  # the latest version of each rule id
    cited: list[str] = []
    for located in basis:
        if located.instrument not in foreign:
            cited.append(book.cite(located))
            continue
        for role, home_id in home_roles.items():
            home_rule = known.get(home_id) if isinstance(home_id, str) else None
            counterpart = served_roles.get(role)
            if (
                home_rule is None
                or home_rule.instrument != located.instrument
                or (located.article is not None and home_rule.article != located.article)
                or not isinstance(counterpart, str)
                or counterpart not in known
                or known[counterpart].instrument in foreign
            ):
                continue
            cited.append(book.citation(counterpart))
    return list(dict.fromkeys(cited))


@router.get("/readings", response_class=HTMLResponse)
def readings(request: Request) -> HTMLResponse:
    """The platform's readings of the law (本平台解读), each with the provisions it rests on."""
    book = current_book()
    foreign = foreign_measures(book.pack.code)  # another pack's readings are not this one's
    latest = {r.id: r for r in book.rules if r.reading and r.instrument not in foreign}
    settings = [
        {**s.served(book.pack.short_name).model_dump(), "citations": served_bases(book, s.basis)}
        for s in book.settings.values()
    ]
    return page(
        request,
        "public/readings.html",
        user=current_user(request),
        readings=list(latest.values()),
        settings=settings,
    )


def _check_context(request: Request) -> dict[str, Any]:
    book = current_book()
    lists = lookup.in_force(effective_lists(request), today_in_shanghai())
    return {
        "lists": lists,
        "sectors": sorted({lst.sector for lst in lists}),
        "categories": book.catalogue.categories,
        "kinds": list(book.sensitive_kinds.values()),
        "today": today_in_shanghai().isoformat(),
        "exemptions": choices(today_in_shanghai()),
    }


def _check_page(
    request: Request,
    visitor: Visitor,
    typed: Mapping[str, str | list[str]],
    errors: Mapping[str, str] | None = None,
    outcome: Outcome | None = None,
) -> HTMLResponse:
    """The quick check's form with what was typed, and the outcome or the refusals (422)."""
    ticked = {name: list_of(typed, name) for name in ("sensitive_kinds", "exemption")}
    return page(
        request,
        "public/check.html",
        user=visitor,
        form={**typed, **ticked},
        errors=errors or {},
        outcome=outcome,
        status_code=422 if errors else 200,
        **_check_context(request),
    )


CHECK = OpenFormPage(
    lambda request, visitor, refusal: _check_page(request, visitor, refusal.typed, refusal.errors)
)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    """The quick self-check form."""
    return _check_page(request, current_user(request), {})


@router.post("/check", response_class=HTMLResponse)
async def check_run(
    request: Request, check: Annotated[CheckPlan, form(CheckPlan, again=CHECK)]
) -> Response:
    """Assess the form's plan and show the outcome with reasons and obligations."""
    day = plan_day(check.date, today_in_shanghai())
    plan = check.plan(purposes_of(check.exemption, day))
    visitor = current_user(request)
    try:
        outcome = run_check(plan, effective_lists(request, on=day))
    except PlanError as exc:
        return await CHECK.refuse(request, visitor, [(exc.message, control_for(exc.path))])
    return _check_page(request, visitor, typed_values(await request.form()), outcome=outcome)
