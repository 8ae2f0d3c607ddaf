"""The Annex category bound comes from the served pack's catalogue, not from a literal."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from chujing.platform.annex import category_count
from chujing.platform.listcycle.models import CatalogueItemIn, SurveyCategory
from chujing.platform.reports.models import DataCategory
from chujing.rules.jurisdiction import load_jurisdiction
from chujing.rules.packs import HOME, JURISDICTION_ENV, pack_codes

SRC = Path(__file__).parents[2] / "src" / "chujing" / "platform"


def test_the_bound_is_the_catalogues_count() -> None:
    assert category_count() == len(load_jurisdiction(HOME).catalogue.categories) == 40


@pytest.mark.parametrize(
    "make",
    [
        lambda n: DataCategory(category=n, name="订单数据"),
        lambda n: CatalogueItemIn(code="x1", name="订单数据", category=n),
        lambda n: SurveyCategory(
            category=n, name="订单数据", data_type="important_data", fields=["订单号"]
        ),
    ],
)
def test_models_accept_the_catalogues_numbers_only(make: object) -> None:
    assert callable(make)
    assert make(category_count()).category == category_count()
    for wrong in (0, category_count() + 1, 10_000):
        with pytest.raises(ValidationError):
            make(wrong)


def test_another_pack_bounds_by_its_own_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    others = [code for code in pack_codes() if code != HOME]
    sizes = {code: len(load_jurisdiction(code).catalogue.categories) for code in others}
    larger = [code for code, size in sizes.items() if size > 40]
    if not larger:
        pytest.skip("no pack with a larger catalogue")
    monkeypatch.setenv(JURISDICTION_ENV, larger[0])
    assert DataCategory(category=sizes[larger[0]], name="订单数据").category > 40


def test_no_platform_model_writes_the_bound_as_a_literal() -> None:
    written = [
        f"{path.relative_to(SRC)}: {line.strip()}"
        for path in SRC.rglob("models.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"category\w*:.*\ble=\s*\d", line)
    ]
    assert written == []
