"""The important-data catalogue of each sector (Art 9(2)), against the Annex categories."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform.audit import trails
from chujing.platform.errors import Conflict, Invalid
from chujing.platform.listcycle.access import require_drafter
from chujing.platform.listcycle.models import CatalogueItem, CatalogueItemIn
from chujing.platform.principal import Principal
from chujing.rules import load_rules


def add(
    *, db_session: Session, actor: Principal, sector: str, data: CatalogueItemIn
) -> CatalogueItem:
    """Add an important-data kind to a sector's catalogue."""
    require_drafter(actor)
    if data.category not in {c.number for c in load_rules().catalogue.categories}:
        raise Invalid(f"未知的数据类别编号：{data.category}", field="category")
    taken = select(CatalogueItem.id).where(
        CatalogueItem.sector == sector, CatalogueItem.code == data.code
    )
    if db_session.scalar(taken) is not None:
        raise Conflict("该行业目录中已有此编码", field="code", code="duplicate")
    item = CatalogueItem(sector=sector, **data.model_dump())
    db_session.add(item)
    trails.CATALOGUE_ITEMS.change(
        db_session, actor, item, "add", detail={"sector": sector, "code": item.code}
    )
    return item


def query(*, sector: str | None = None) -> Select[CatalogueItem]:
    """Catalogue items, by sector and code."""
    stmt = select(CatalogueItem).order_by(CatalogueItem.sector, CatalogueItem.code)
    return stmt.where(CatalogueItem.sector == sector) if sector else stmt
