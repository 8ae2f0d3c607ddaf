"""Domain errors that the API renders as `{"error": {"code", "message", "field"}}` with a 4xx."""


class PlatformError(Exception):
    """A refusal explained to the caller; `status` is the HTTP status the API uses."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the error body (none by default)."""
        return {}


class Invalid(PlatformError):
    """Input that breaks a rule the schema cannot express."""

    status = 422
    code = "invalid"


class Unauthenticated(PlatformError):
    """No valid credentials."""

    status = 401
    code = "unauthenticated"


class Forbidden(PlatformError):
    """The caller's role may not do this."""

    status = 403
    code = "forbidden"


class NotFound(PlatformError):
    """Absent, or outside the caller's zone or organisation (indistinguishable on purpose)."""

    status = 404
    code = "not_found"


class Conflict(PlatformError):
    """A stale version, a duplicate or a transition the state machine refuses."""

    status = 409
    code = "conflict"


class TooManyAttempts(PlatformError):
    """Login throttling and lockout; `retry_after` is the wait in whole seconds (at least 1)."""

    status = 429
    code = "too_many_attempts"

    def __init__(
        self, message: str, *, retry_after: int, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, field=field, code=code)
        self.retry_after = max(1, retry_after)

    def headers(self) -> dict[str, str]:
        """Every 429 says when to try again (RFC 9110 §10.2.3, delay-seconds)."""
        return {"Retry-After": str(self.retry_after)}
