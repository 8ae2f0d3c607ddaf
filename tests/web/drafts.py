"""A list draft through the city pages: started, and changed by its forms."""

from fastapi.testclient import TestClient

from .conftest import post_form
from .refusals import version_of

NEW_ENTRY = {
    "scenario_code": "ICV-AS-01",
    "entry_code": "ICV-AS-01-09",
    "entry_name": "车主社交账号",
    "entry_category": "16",
    "entry_data_type": "personal_information",
    "entry_fields": "车主社交账号昵称",
    "entry_pathway": "standard_contract_or_certification",
}
"""The add-entry form of a new 数据类别 in the ICV list's after-sales scenario."""


def new_draft(client: TestClient, list_id: str, title: str, *, from_current: bool) -> str:
    """A new draft of `list_id` (started from the list in force when `from_current`): its URL."""
    fields = {"list_id": list_id, "sector": "智能网联汽车", "title": title}
    if from_current:
        fields["from_current"] = "on"
    return post_form(client, "/city/drafts", "/city", **fields).headers["location"]


def post_draft(client: TestClient, url: str, draft_url: str, **data: str) -> str:
    """A form of the draft's page posted with its current lock, taken (303): the page after."""
    post_form(client, url, draft_url, version=version_of(client, draft_url), **data)
    return client.get(draft_url).text
