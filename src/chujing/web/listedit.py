"""The drafting page's forms for a list's title and entries, read into the listcycle API's
models (`platform.listcycle.entries` holds the checks and defaults, shared with the API).

The page names an entry's controls `entry_<field>` (`entry_name`, `entry_fields`…) and the
list's version number `version_label`, since `version` is the draft's optimistic lock."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from chujing.platform.inputs import ShortText, Version
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
from chujing.web.forms import form_values
from chujing.web.session import WebUser

DATA_TYPES = DATA_TYPE_NAMES_ZH
PATHWAYS = PATHWAY_NAMES_ZH

Gather = Callable[[FormData, WebUser], Mapping[str, Any]]


def renamed(model: type[BaseModel], controls: Mapping[str, str]) -> Gather:
    """`form(…, gather=)` reading fields of `model` from controls named otherwise
    (control → field), by the same rules as the fields named as they are."""

    def gather(received: FormData, _: WebUser) -> dict[str, Any]:
        posted = {
            name: received[control]
            for control, name in controls.items()
            if control in received and name in model.model_fields
        }
        return form_values(model, posted)

    return gather


ENTRY_CONTROLS = {f"entry_{name}": name for name in EntryIn.model_fields if name != "version"}
"""An entry's controls on the draft page by the field of `EntryIn` they hold."""


class EntryForm(EntryIn):
    """`EntryIn` as the page posts it: the entry changed is named by the form, not the path."""

    entry_code: ShortText = Field(exclude=True)


class RemovalForm(BaseModel):
    """The form removing an entry: its code and the draft's lock."""

    version: Version
    entry_code: ShortText


@dataclass(frozen=True)
class Edit:
    """A listcycle entries call, the page model its form is read into and the ids of the
    form's controls by field (for a refusal)."""

    model: type[BaseModel]
    call: Callable[[Session, Principal, int, Any], ListDraft]
    gather: Gather | None = None
    controls: Mapping[str, str] = field(default_factory=dict)


META = Edit(
    ListMetaIn,
    lambda db, actor, draft_id, data: entries.set_meta(
        db_session=db, actor=actor, draft_id=draft_id, data=data
    ),
    renamed(ListMetaIn, {"version_label": "list_version"}),
    {"title": "m-title", "list_version": "m-version", "source": "m-source"}
    | {"valid_from": "m-from", "valid_until": "m-until"},
)
NEW_ENTRY = Edit(
    NewEntryIn,
    lambda db, actor, draft_id, data: entries.add_entry(
        db_session=db, actor=actor, draft_id=draft_id, data=data
    ),
    renamed(NewEntryIn, {**ENTRY_CONTROLS, "entry_code": "code"}),
    {"code": "a-code", "name": "a-name", "category": "a-cat", "data_type": "a-type"}
    | {"fields": "a-fields", "pathway": "a-path", "scenario_code": "a-scenario"}
    | {"scenario_activity": "a-activity", "scenario_name": "a-sname"},
)
ENTRY = Edit(
    EntryForm,
    lambda db, actor, draft_id, data: entries.update_entry(
        db_session=db, actor=actor, draft_id=draft_id, entry_code=data.entry_code, data=data
    ),
    renamed(EntryForm, ENTRY_CONTROLS),
)
REMOVAL = Edit(
    RemovalForm,
    lambda db, actor, draft_id, data: entries.remove_entry(
        db_session=db,
        actor=actor,
        draft_id=draft_id,
        entry_code=data.entry_code,
        version=data.version,
    ),
)
