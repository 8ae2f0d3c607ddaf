"""The drafting page's forms for a list's title, entries and whole content, read into the
listcycle API's models (`platform.listcycle.entries` holds the checks and defaults, shared
with the API).

The page names an entry's controls `entry_<field>` (`entry_name`, `entry_fields`…) and the
list's version number `version_label`, since `version` is the draft's optimistic lock."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from chujing.platform.inputs import ShortText, Version
from chujing.platform.listcycle import entries, excel, service
from chujing.platform.listcycle.models import (
    DATA_TYPE_NAMES_ZH,
    PATHWAY_NAMES_ZH,
    DraftContentIn,
    EntryIn,
    ListMetaIn,
    NewEntryIn,
)
from chujing.platform.principal import Principal
from chujing.web.actions import CONTROL_ERROR
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


def _data(data: BaseModel) -> dict[str, Any]:
    return {"data": data}


@dataclass(frozen=True)
class Edit:
    """A listcycle call changing a draft (`call(db_session=, actor=, draft_id=, …)`), the
    page model its form is read into, the call's other arguments from it, the ids of the
    form's controls by field (for a refusal) and the fields the address gives."""

    model: type[BaseModel]
    call: Callable[..., object]
    arguments: Callable[[Any], Mapping[str, Any]] = _data
    gather: Gather | None = None
    controls: Mapping[str, str] = field(default_factory=dict)
    path: tuple[str, ...] = ()  # the model's fields the address names (`forms.form`)

    def apply(self, db: Session, actor: Principal, draft_id: int, data: BaseModel) -> object:
        """Make the change the form describes."""
        return self.call(db_session=db, actor=actor, draft_id=draft_id, **self.arguments(data))


META = Edit(
    ListMetaIn,
    entries.set_meta,
    gather=renamed(ListMetaIn, {"version_label": "list_version"}),
    controls={"title": "m-title", "list_version": "m-version", "source": "m-source"}
    | {"valid_from": "m-from", "valid_until": "m-until"},
)
NEW_ENTRY = Edit(
    NewEntryIn,
    entries.add_entry,
    gather=renamed(NewEntryIn, {**ENTRY_CONTROLS, "entry_code": "code"}),
    controls={"code": "a-code", "name": "a-name", "category": "a-cat", "data_type": "a-type"}
    | {"fields": "a-fields", "pathway": "a-path", "scenario_code": "a-scenario"}
    | {"scenario_activity": "a-activity", "scenario_name": "a-sname"},
)
ENTRY = Edit(
    EntryForm,
    entries.update_entry,
    lambda data: {"entry_code": data.entry_code, "data": data},
    gather=renamed(EntryForm, ENTRY_CONTROLS),
)
REMOVAL = Edit(
    RemovalForm,
    entries.remove_entry,
    lambda data: {"entry_code": data.entry_code, "version": data.version},
)


class YamlForm(DraftContentIn):
    """`DraftContentIn` as the page posts it: the content typed as contract §3 YAML."""

    @field_validator("content", mode="before")
    @classmethod
    def _load(cls, text: object) -> object:
        if not isinstance(text, str):
            return text
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"第 {mark.line + 1} 行" if mark is not None else ""
            raise PydanticCustomError(CONTROL_ERROR, f"YAML 格式错误{line}") from None
        if not isinstance(data, dict):
            raise PydanticCustomError(CONTROL_ERROR, "清单内容须为 YAML 映射（键: 值）")
        return data


class WorkbookForm(BaseModel):
    """The Excel form: a workbook in the published table layout and the draft's lock."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    version: Version
    file: UploadFile | None = Field(default=None, validate_default=True)

    @field_validator("file")
    @classmethod
    def _chosen(cls, value: UploadFile | None) -> UploadFile:
        if value is None:
            raise PydanticCustomError(CONTROL_ERROR, "请选择 Excel 文件")
        return value


CONTENT = Edit(
    YamlForm,
    service.set_content,
    lambda data: {"version": data.version, "content": data.content},
)
WORKBOOK = Edit(  # the API's import: every row-level problem reported
    WorkbookForm,
    excel.import_into_draft,  # the workbook: at most the path's body limit (web.bodylimit)
    lambda data: {"version": data.version, "data": data.file.file.read()},
)
