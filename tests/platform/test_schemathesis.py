"""Property-based requests generated from the OpenAPI spec: no input yields a 5xx.

Bounded: a few examples per operation, sent as an enterprise administrator, a zone
officer and a municipal officer, on each backend.
"""

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from conftest import World

EXAMPLES = 4


def test_no_server_errors(app: Any, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def exercise(case: Any) -> None:
            for who in ("pa1a", "zo1", "mo"):
                response = case.call(headers=world.auth(who))
                if response.status_code >= 500:
                    failures.append(
                        f"{who} {case.method} {case.formatted_path}: {response.text[:200]}"
                    )
                elif response.status_code >= 400 and "json" in str(
                    response.headers.get("content-type")
                ):
                    error = response.json().get("error", {})
                    if set(error) != {"code", "message", "field"}:
                        where = f"{who} {case.method} {case.formatted_path}"
                        failures.append(f"{where}: bad error {response.text[:200]}")

        exercise()
    assert operations > 30
    assert failures == []
