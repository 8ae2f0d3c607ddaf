"""Reading a page's form after `session.permit` has admitted the user and checked the
form's CSRF token (so no handler checks it again)."""

from typing import Any

from fastapi import Request


async def texts(request: Request) -> dict[str, str]:
    """The form's text fields (uploads left out)."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


async def fields(request: Request) -> dict[str, Any]:
    """The form's fields, uploads included."""
    return dict((await request.form()).items())
