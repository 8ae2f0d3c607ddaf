"""Lists in and out of the Excel table layout published lists use (`chujing.listxlsx`)."""

from sqlalchemy.orm import Session

from chujing.listxlsx import XlsxProblems, export_xlsx, import_xlsx
from chujing.platform.errors import Invalid
from chujing.platform.listcycle import service, versions
from chujing.platform.listcycle.models import ListDraft
from chujing.platform.principal import Principal


def export_version(*, db_session: Session, version_id: int) -> bytes:
    """A published version as an .xlsx workbook."""
    version = versions.get_version(db_session=db_session, version_id=version_id)
    return export_xlsx(versions.as_list(version))


def export_draft(*, db_session: Session, actor: Principal, draft_id: int) -> bytes:
    """A draft as an .xlsx workbook (its content must already be a complete list)."""
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    content = {"published": draft.created_at.date().isoformat(), **draft.content}
    return export_xlsx(versions.validate_content(content))


def import_into_draft(
    *, db_session: Session, actor: Principal, draft_id: int, version: int, data: bytes
) -> ListDraft:
    """Replace a draft's content by a workbook; every row-level problem is reported, none kept."""
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    try:
        lst = import_xlsx(data, name=f"draft-{draft.id}.xlsx")
    except XlsxProblems as exc:
        raise Invalid("；".join(str(p) for p in exc.problems[:20]), field="file") from None
    if lst.id != draft.list_id or lst.sector != draft.sector:
        raise Invalid(
            f"工作簿中的清单（{lst.id}，{lst.sector}）与草案（{draft.list_id}，{draft.sector}）不符",
            field="file",
        )
    content = lst.model_dump(mode="json")
    content.pop("published", None)
    return service.set_content(
        db_session=db_session, actor=actor, draft_id=draft.id, version=version, content=content
    )
