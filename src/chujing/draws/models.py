"""Pydantic models of the directories, the draw parameters and the receipt of a 双随机 draw."""

from fractions import Fraction
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)

ALGORITHM_ID = "chujing.shuangsuiji"
ALGORITHM_VERSION = 1
RECEIPT_FORMAT = "chujing.draw-receipt"

Identifier = str
_ID = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_HEX64 = Field(pattern=r"^[0-9a-f]{64}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Processor(_Strict):
    """A data processor in the directory of inspected processors (检查对象名录库)."""

    id: Identifier = _ID
    name: str = Field(min_length=1)
    zone: str = Field(min_length=1)
    sector: str = Field(min_length=1)
    risk_level: str = Field(min_length=1)


class Inspector(_Strict):
    """An inspector in the directory of inspectors (执法检查人员名录库).

    `zone` is null for a municipal inspector, who may inspect in every zone. `conflicts` lists
    the processors the inspector declared a conflict of interest with, and is recused from.
    """

    id: Identifier = _ID
    name: str = Field(min_length=1)
    department: str = Field(min_length=1)
    zone: str | None
    conflicts: list[Identifier]

    @field_validator("conflicts")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("同一处理者在 conflicts 中出现两次")
        return value


_M = TypeVar("_M", Processor, Inspector)


def _unique_ids(what: str) -> AfterValidator:
    """A list's validator refusing two members with one id (`what` names them)."""

    def check(members: list[_M]) -> list[_M]:
        seen: set[str] = set()
        for member in members:
            if member.id in seen:
                raise ValueError(f"{what}编号 {member.id} 重复")
            seen.add(member.id)
        return members

    return AfterValidator(check)


class _Snapshot(_Strict):
    taken_at: AwareDatetime
    source: str = Field(min_length=1)


class ProcessorSnapshot(_Snapshot):
    """The frozen directory of processors a draw is made from."""

    processors: Annotated[list[Processor], _unique_ids("处理者")]


class InspectorSnapshot(_Snapshot):
    """The frozen directory of inspectors a draw is made from."""

    inspectors: Annotated[list[Inspector], _unique_ids("检查人员")]


class DrawParameters(_Strict):
    """What the inspection plan fixes before the draw: item, ratio, weights and scope."""

    inspection_item: str = Field(min_length=1)
    ratio: str = Field(pattern=r"^[0-9]+(\.[0-9]+)?$")
    inspectors_per_processor: int = Field(default=2, ge=2, le=20)
    risk_weights: dict[str, int] = Field(default_factory=lambda: {"low": 1, "medium": 2, "high": 4})
    stratify_by_zone: bool = True
    inspectors_from_same_zone: bool = True
    zones: list[str] | None = None
    sectors: list[str] | None = None

    @field_validator("ratio")
    @classmethod
    def _ratio_range(cls, value: str) -> str:
        if not 0 < Fraction(value) <= 1:
            raise ValueError("抽查比例须大于 0 且不超过 1")
        return value

    @field_validator("risk_weights")
    @classmethod
    def _weights(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise ValueError("risk_weights 至少须定义一个风险等级")
        for level, weight in value.items():
            if weight < 1 or weight > 1_000_000:
                raise ValueError(f"风险等级 {level} 的权重须在 1 到 1000000 之间")
        return value

    def ratio_fraction(self) -> Fraction:
        return Fraction(self.ratio)


class Algorithm(_Strict):
    id: Literal["chujing.shuangsuiji"]
    version: Literal[1]


class Commitment(_Strict):
    """The record published before the draw; `record_sha256` is its hash."""

    draw_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    committed_at: AwareDatetime
    parameters_sha256: str = _HEX64
    processors_sha256: str = _HEX64
    inspectors_sha256: str = _HEX64
    seed_sha256: str = _HEX64
    record_sha256: str = _HEX64


class Stratum(_Strict):
    zone: str
    eligible: int = Field(ge=0)
    total_weight: int = Field(ge=0)
    drawn: int = Field(ge=0)


class Assignment(_Strict):
    """One drawn processor and its inspectors, in draw order."""

    order: int = Field(ge=1)
    processor: Identifier
    zone: str
    risk_level: str
    inspectors: list[Identifier]
    recused: list[Identifier]


class DrawResult(_Strict):
    strata: list[Stratum]
    assignments: list[Assignment]


class _Event(_Strict):
    """What every adjustment records: its place in the chain, when and by whom.

    `previous_receipt_sha256` is the receipt hash before this event: the events form a chain
    anchored in the receipt hash published at the time of the draw.
    """

    seq: int = Field(ge=1)
    previous_receipt_sha256: str = _HEX64
    at: AwareDatetime
    by: str = Field(min_length=1)


class ReplaceInspector(_Event):
    """An inspector taken off one processor for a stated reason, and the replacement drawn."""

    kind: Literal["replace_inspector"]
    processor: Identifier
    inspector: Identifier
    new_conflict: bool
    reason: str = Field(min_length=1)
    replacement: Identifier


class WithdrawProcessor(_Event):
    """A drawn processor withdrawn from the draw for a stated reason (no substitute)."""

    kind: Literal["withdraw_processor"]
    processor: Identifier
    reason: str = Field(min_length=1)


Adjustment = Annotated[ReplaceInspector | WithdrawProcessor, Field(discriminator="kind")]


class FinalAssignment(_Strict):
    processor: Identifier
    zone: str
    inspectors: list[Identifier]


class Receipt(_Strict):
    """Everything needed to recompute a draw and its later adjustments."""

    format: Literal["chujing.draw-receipt"]
    format_version: Literal[1]
    algorithm: Algorithm
    commitment: Commitment
    parameters: DrawParameters
    processors: ProcessorSnapshot
    inspectors: InspectorSnapshot
    seed: str = _HEX64
    drawn_at: AwareDatetime
    result: DrawResult
    adjustments: list[Adjustment]
    final_assignments: list[FinalAssignment]
    receipt_sha256: str = _HEX64
