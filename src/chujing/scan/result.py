"""The scan report (contract §2) as pydantic models."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(_Model):
    """One classified column."""

    source: str
    name: str
    kind: str
    pi: Literal["none", "personal", "sensitive"]
    sensitive_kinds: list[str]
    confidence: float
    match_ratio: float
    examples: list[str]
    element: str | None = Field(
        default=None, description="the vocabulary element the column holds (contract v2 §3)"
    )


class Persons(_Model):
    """Distinct persons found, by the strongest person key."""

    distinct: int
    sensitive_distinct: int
    minors_under_14: int
    method: Literal["exact", "approximate"]
    key: list[str]
    key_kind: str | None = None
    bounds: dict[str, list[int]] | None = Field(
        default=None, description="approximate only: [lower, upper] at ~95 % per count"
    )
    relative_error: float | None = Field(
        default=None, description="approximate only: relative standard error of the sketch"
    )
    masked: int = Field(
        default=0, description="key values that are masked (138****8000): never counted as persons"
    )


class Flag(_Model):
    """A legal signal: the rule, its citation and what the counts mean under it."""

    rule: str
    text: str
    citation: str = ""


class ScanReport(_Model):
    """What ``chujing scan --format json`` prints."""

    sources: list[str]
    rows: int
    columns: list[Column]
    persons: Persons
    annex_flags: list[Flag]
    plan: dict[str, Any]
    scan_date: str
    tables: dict[str, int] = Field(default_factory=dict, description="rows per table")
    warnings: list[str] = Field(default_factory=list)
    national_tiers: list[Flag] = Field(default_factory=list)
