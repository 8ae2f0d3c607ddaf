"""Settings of the whole suite."""

import os

import pytest
from hypothesis import settings

# Password hashes at the lowest argon2id cost (a hash carries its own, so verifying is
# unchanged): the suite signs in hundreds of times. Subprocesses inherit it.
os.environ.setdefault("CHUJING_ARGON2_TIME_COST", "1")
os.environ.setdefault("CHUJING_ARGON2_MEMORY_KIB", "64")
os.environ.setdefault("CHUJING_ARGON2_PARALLELISM", "1")

# Examples are judged by what they find, never by how long they take: the suite runs in
# parallel on shared cores, where a wall-clock deadline fails honest tests at random.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each module's tests of one database backend together, in the (random) order they
    were given: a module-scoped database is set up once per backend, not once per switch."""
    modules: dict[str, int] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], len(modules))

    def backend(item: pytest.Item) -> str:
        callspec = getattr(item, "callspec", None)
        return str(callspec.params.get("database_url", "")) if callspec else ""

    items.sort(key=lambda item: (modules[item.nodeid.split("::", 1)[0]], backend(item)))
