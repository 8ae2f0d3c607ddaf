"""Published list versions: publishing, what the engine uses on a date, countdown, repeal, diffs.

A version is effective from its `valid_from`; for any date the engine gets, per list, the
version with the latest `valid_from` on or before that date (so earlier versions keep
answering for past dates), unless it has expired or been repealed by then. The shipped
example lists take part as the seed versions of their lists.
"""

from datetime import date

from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.clocks.schedule import schedule
from chujing.platform.errors import Conflict, Invalid, NotFound
from chujing.platform.listcycle import service
from chujing.platform.listcycle.access import require_drafter
from chujing.platform.listcycle.models import (
    KnownVersionOut,
    ListOrigin,
    ListVersion,
    RepealIn,
    VersionChangesOut,
    VersionOut,
    VersionState,
)
from chujing.platform.pagination import where_given
from chujing.platform.principal import Principal
from chujing.platform.rows import by_id
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import current_lists
from chujing.rules.listdiff import Change, diff_lists


def as_list(version: ListVersion) -> NegativeList:
    """The stored version as the engine's model."""
    return NegativeList.model_validate(version.content)


def validate_content(content: dict[str, object]) -> NegativeList:
    """The drafted content as a complete list (contract §3), or an error naming the field."""
    try:
        lst = NegativeList.model_validate(content)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Invalid(
            f"清单内容不完整：{where}：{first['msg']}", field=f"content.{where}"
        ) from None
    if lst.valid_from > lst.valid_until:
        raise Invalid("有效期截止日早于生效日", field="content.valid_until")
    codes = [s.code for s in lst.scenarios] + [e.code for _, e in lst.entries()]
    duplicate = next((c for c in codes if codes.count(c) > 1), None)
    if duplicate is not None:
        raise Invalid(f"场景或条目编码重复：{duplicate}", field="content.scenarios")
    return lst


def publish(
    *, db_session: Session, actor: Principal, draft_id: int, version: int, note: str = ""
) -> ListVersion:
    """Publish a filed draft as a new version, effective from its `valid_from`."""
    require_drafter(actor)
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    content = {**draft.content, "published": clock.today().isoformat()}
    lst = validate_content(content)
    exists = select(ListVersion.id).where(
        ListVersion.list_id == lst.id, ListVersion.list_version == lst.version
    )
    if db_session.scalar(exists) is not None:
        raise Conflict(f"清单 {lst.id} 的版本 {lst.version} 已发布", field="content.version")
    service.transition(
        db_session=db_session,
        actor=actor,
        draft=draft,
        action="publish",
        version=version,
        note=note,
    )
    published = ListVersion(
        list_id=lst.id,
        list_version=lst.version,
        sector=lst.sector,
        valid_from=lst.valid_from,
        valid_until=lst.valid_until,
        content=lst.model_dump(mode="json"),
        draft_id=draft.id,
    )
    db_session.add(published)
    trails.LIST_VERSIONS.change(
        db_session,
        actor,
        published,
        "publish",
        detail={"list_id": lst.id, "version": lst.version, "valid_from": str(lst.valid_from)},
    )
    return published


def repeal(
    *, db_session: Session, actor: Principal, version_id: int, data: RepealIn
) -> ListVersion:
    """Repeal (废止) a published version from a date: it no longer applies on or after it."""
    require_drafter(actor)
    version = get_version(db_session=db_session, version_id=version_id)
    if version.state != VersionState.published:
        raise Conflict("该版本已废止", field="state", code="illegal_transition")
    before = audit.state_hash(version)
    version.state = VersionState.repealed
    version.repealed_on = data.on
    trails.LIST_VERSIONS.change(
        db_session,
        actor,
        version,
        "repeal",
        before=before,
        detail={"on": str(data.on), "reason": data.reason},
    )
    return version


def get_version(*, db_session: Session, version_id: int) -> ListVersion:
    """One published version, or 404."""
    return by_id(db_session, ListVersion, version_id, missing="清单版本不存在", field="version_id")


def versions_query(*, list_id: str | None = None, sector: str | None = None) -> Select[ListVersion]:
    """Published versions, newest first."""
    return where_given(
        select(ListVersion).order_by(ListVersion.list_id, ListVersion.valid_from.desc()),
        (ListVersion.list_id, list_id),
        (ListVersion.sector, sector),
    )


def effective_lists(*, db_session: Session, on: date | None = None) -> list[NegativeList]:
    """The negative lists the engine should use on `on` (default today, Asia/Shanghai).

    Per list id, the candidates are the shipped versions and the versions published on the
    platform (which win over a shipped one with the same version); the one with the latest
    `valid_from` on or before the day applies, unless it has expired or been repealed.
    """
    day = on or clock.today()
    # list id -> (valid_from, order, list, repealed_on); later order wins on equal dates
    latest: dict[str, tuple[date, int, NegativeList, date | None]] = {}

    def consider(lst: NegativeList, order: int, repealed_on: date | None) -> None:
        current = latest.get(lst.id)
        if lst.valid_from <= day and (current is None or (lst.valid_from, order) > current[:2]):
            latest[lst.id] = (lst.valid_from, order, lst, repealed_on)

    published = {(v.list_id, v.list_version) for v in db_session.scalars(select(ListVersion))}
    for lst in current_lists():  # the served pack's lists (contract v2 §6)
        if (lst.id, lst.version) not in published:
            consider(lst, 0, None)
    for version in db_session.scalars(select(ListVersion).where(ListVersion.valid_from <= day)):
        consider(as_list(version), version.id, version.repealed_on)
    return [
        lst
        for _, _, lst, repealed_on in latest.values()
        if day <= lst.valid_until and (repealed_on is None or day < repealed_on)
    ]


def _known(db_session: Session) -> list[tuple[NegativeList, ListOrigin]]:
    published = [as_list(v) for v in db_session.scalars(versions_query())]
    seen = {(lst.id, lst.version) for lst in published}
    shipped = [lst for lst in current_lists() if (lst.id, lst.version) not in seen]
    return [(lst, ListOrigin.published) for lst in published] + [
        (lst, ListOrigin.shipped) for lst in shipped
    ]


def all_versions(*, db_session: Session, list_id: str | None = None) -> list[NegativeList]:
    """Every shipped and published version of every list (or of `list_id`): the published
    ones first, then the shipped ones no published version of the same number replaces.
    Published lists are public: the public pages show them to anyone, the API to every role."""
    return [lst for lst, _ in _known(db_session) if list_id is None or lst.id == list_id]


def known_versions(*, db_session: Session, list_id: str | None = None) -> list[KnownVersionOut]:
    """`all_versions` as the version history shows it, newest `valid_from` first per list."""
    rows = [
        KnownVersionOut(**lst.model_dump(include=set(KnownVersionOut.model_fields)), origin=o)
        for lst, o in _known(db_session)
        if list_id is None or lst.id == list_id
    ]
    return sorted(rows, key=lambda r: (r.id, -r.valid_from.toordinal()))


def known_version(*, db_session: Session, list_id: str, version: str) -> NegativeList:
    """One shipped or published version of a list, or 404."""
    found = next(
        (
            lst
            for lst in all_versions(db_session=db_session, list_id=list_id)
            if lst.version == version
        ),
        None,
    )
    if found is None:
        raise NotFound("清单版本不存在", field="version")
    return found


def previous_version(lists: list[NegativeList], lst: NegativeList) -> NegativeList | None:
    """The version `lst` replaces among `lists`: the same list's version with the latest
    `valid_from` before its own (the first such in `lists` on equal dates), or None."""
    older = [v for v in lists if v.id == lst.id and v.valid_from < lst.valid_from]
    return max(older, key=lambda v: v.valid_from) if older else None


def changes_against_previous(lists: list[NegativeList], lst: NegativeList) -> VersionChangesOut:
    """What `lst` changes against the version it replaces among `lists` (the public list
    page and the API's all-versions diff both answer with this)."""
    previous = previous_version(lists, lst)
    return VersionChangesOut(
        previous=previous.version if previous else None,
        changes=diff_lists(previous, lst) if previous else [],
    )


def replaced_diff(*, db_session: Session, list_id: str, version: str) -> VersionChangesOut:
    """What a shipped or published version changes against the one it replaces, or 404."""
    lst = known_version(db_session=db_session, list_id=list_id, version=version)
    return changes_against_previous(all_versions(db_session=db_session, list_id=list_id), lst)


def countdown(version: ListVersion, on: date | None = None) -> VersionOut:
    """The version with days left until expiry and whether the expiry warning is due."""
    day = on or clock.today()
    out = VersionOut.model_validate(version)
    if version.state == VersionState.published and day <= version.valid_until:
        out.days_left = (version.valid_until - day).days
        out.expiry_warning = out.days_left <= schedule().list_expiry_warning_days
    return out


def diff(*, db_session: Session, old_id: int, new_id: int) -> list[Change]:
    """What changed between two published versions of the same list."""
    old = get_version(db_session=db_session, version_id=old_id)
    new = get_version(db_session=db_session, version_id=new_id)
    if old.list_id != new.list_id:
        raise Invalid("只能比较同一清单的两个版本", field="new_id")
    return diff_lists(as_list(old), as_list(new))


def diff_draft(*, db_session: Session, actor: Principal, draft_id: int) -> list[Change]:
    """What a draft changes relative to the version it updates (validated as complete lists)."""
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    if draft.base_version_id is None:
        raise Invalid("该草案不是对已发布版本的更新", field="draft_id")
    base = get_version(db_session=db_session, version_id=draft.base_version_id)
    content = {"published": base.content.get("published"), **draft.content}
    return diff_lists(as_list(base), validate_content(content))
