"""Domain errors that the API renders as `{"error": {"code", "message", "field"}}` with a 4xx."""


class PlatformError(Exception):
    """A refusal explained to the caller; `status` is the HTTP status the API uses."""

    status = 400
    code = "bad_request"

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None) -> None:
        super().__init_subclass__()
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the error body (none by default)."""
        return {}


class Invalid(PlatformError, status=422, code="invalid"):
    """Input that breaks a rule the schema cannot express."""


class Unauthenticated(PlatformError, status=401, code="unauthenticated"):
    """No valid credentials."""


class Forbidden(PlatformError, status=403, code="forbidden"):
    """The caller's role may not do this."""


class NotFound(PlatformError, status=404, code="not_found"):
    """Absent, or outside the caller's zone or organisation (indistinguishable on purpose)."""


class Conflict(PlatformError, status=409, code="conflict"):
    """A stale version, a duplicate or a transition the state machine refuses."""


class TooManyAttempts(PlatformError, status=429, code="too_many_attempts"):
    """Login throttling and lockout; `retry_after` is the wait in whole seconds (at least 1)."""

    def __init__(
        self, message: str, *, retry_after: int, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, field=field, code=code)
        self.retry_after = max(1, retry_after)

    def headers(self) -> dict[str, str]:
        """Every 429 says when to try again (RFC 9110 §10.2.3, delay-seconds)."""
        return {"Retry-After": str(self.retry_after)}
