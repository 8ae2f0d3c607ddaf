"""Who may draft lists and who may comment: the city drafts (Art 8), others comment."""

from chujing.platform.errors import Forbidden
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal


def require_drafter(actor: Principal) -> None:
    """Only the coordinating municipal bureaus (or the CLI) draft and publish lists."""
    if not actor.may(Perm.lists_manage) or (actor.role is not None and not actor.city_wide):
        raise Forbidden("只有市网信办等统筹部门可以编制、发布负面清单", code="forbidden")


def require_reader_of_drafts(actor: Principal) -> None:
    """Drafts are seen by the drafters and by those asked to comment."""
    if not (actor.may(Perm.lists_manage) or actor.may(Perm.lists_comment)):
        raise Forbidden("当前角色无权查看清单草案", code="forbidden")


def author_kind(actor: Principal) -> str:
    """Whether a comment comes from an expert (Art 9(4) 专家论证) or a department (征求意见)."""
    return "expert" if actor.role is Role.expert else "department"
