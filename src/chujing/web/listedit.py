"""The drafting page's forms for a list's title and entries, as the listcycle service's
models (`platform.listcycle.entries` holds the checks and defaults, shared with the API)."""

import re
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from chujing.platform.listcycle import entries
from chujing.platform.listcycle.models import (
    DATA_TYPE_NAMES_ZH,
    PATHWAY_NAMES_ZH,
    EntryIn,
    ListDraft,
    ListMetaIn,
    NewEntryIn,
)
from chujing.platform.principal import Principal

FIELD_SPLIT = re.compile(r"[、，,；;\s]+")
DATA_TYPES = DATA_TYPE_NAMES_ZH
PATHWAYS = PATHWAY_NAMES_ZH


class EditError(ValueError):
    """A form that cannot be applied, naming the control."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def _lock(form: Mapping[str, Any]) -> int:
    raw = _text(form, "version")
    return int(raw) if raw.isdigit() else 0


def _optional(form: Mapping[str, Any], name: str) -> str | None:
    return _text(form, name) or None


def meta_in(form: Mapping[str, Any]) -> ListMetaIn:
    """The meta form (`version_label` is the list's version number, `version` the lock)."""
    return ListMetaIn.model_validate(
        {
            "version": _lock(form),
            "title": _text(form, "title"),
            "list_version": _text(form, "version_label"),
            "valid_from": _optional(form, "valid_from"),
            "valid_until": _optional(form, "valid_until"),
            "source": _text(form, "source"),
        }
    )


def _entry_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    category = _text(form, "entry_category")
    return {
        "version": _lock(form),
        "name": _text(form, "entry_name"),
        "category": int(category) if category.isdigit() else category,
        "data_type": _text(form, "entry_data_type"),
        "fields": [f for f in FIELD_SPLIT.split(_text(form, "entry_fields")) if f],
        "pathway": _optional(form, "entry_pathway"),
    }


def entry_in(form: Mapping[str, Any]) -> EntryIn:
    """The form changing one entry."""
    return EntryIn.model_validate(_entry_fields(form))


def new_entry_in(form: Mapping[str, Any]) -> NewEntryIn:
    """The form adding an entry (to a scenario chosen or described)."""
    return NewEntryIn.model_validate(
        {
            **_entry_fields(form),
            "code": _text(form, "entry_code"),
            "scenario_code": _text(form, "scenario_code"),
            "scenario_activity": _text(form, "scenario_activity"),
            "scenario_name": _text(form, "scenario_name"),
        }
    )


Arguments = Callable[[Mapping[str, Any]], dict[str, Any]]
Edit = tuple[Callable[..., ListDraft], Arguments]
"""A listcycle entries call and how the form gives its arguments beside the draft's."""

META: Edit = (entries.set_meta, lambda form: {"data": meta_in(form)})
NEW_ENTRY: Edit = (entries.add_entry, lambda form: {"data": new_entry_in(form)})
ENTRY: Edit = (
    entries.update_entry,
    lambda form: {"entry_code": _text(form, "entry_code"), "data": entry_in(form)},
)
REMOVAL: Edit = (
    entries.remove_entry,
    lambda form: {"entry_code": _text(form, "entry_code"), "version": _lock(form)},
)


def apply(
    db: Session, actor: Principal, draft_id: int, edit: Edit, form: Mapping[str, Any]
) -> ListDraft:
    """Make the edit the form describes through the listcycle service."""
    call, arguments = edit
    return call(db_session=db, actor=actor, draft_id=draft_id, **arguments(form))
