"""Jurisdiction packs (contract v2 §6): one FTZ's measures, annex, lists, zones, authorities,
letterheads and portal texts, as data under `data/packs/<code>/`.

A pack names, for each step of the decision that depends on the FTZ's own measures (scope,
the list's effect, the reports it requires), the rule of its measures that says it; the
engine asks the pack instead of naming Chongqing's articles. Chongqing's rules, annex and
lists stay where they have always been (`data/*.yaml`, `data/lists/`), so its pack only
points at them; any other pack adds its own files, and adding one needs no code change.
"""

import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from chujing.ids import uscc_valid
from chujing.rules.messages import chinese
from chujing.rules.models import Strict
from chujing.rules.yamlsource import SourceError, dotted, read_yaml

HOME = "chongqing"  # the default pack (contract v2 §6)
JURISDICTION_ENV = "CHUJING_JURISDICTION"
PACK_FILE = "pack.yaml"
BASE = "@base"  # in a pack's `lists`: the shipped list directory data/lists


def packs_dir() -> Path:
    """Where the shipped packs live."""
    return Path(__file__).parent / "data" / "packs"


class Zone(Strict):
    """A 板块, 片区, 组团 or 新片区 of the FTZ, with the government that answers for it."""

    code: str
    name: str
    kind: Literal["板块", "片区", "组团", "新片区", "区域"]
    area: str | None = None
    government: str
    official: bool = False  # whether the division is taken from a published text
    division: str | None = Field(default=None, pattern=r"^[1-8][0-9]{5}$")  # 行政区划代码
    office: str | None = Field(default=None, pattern=r"^[A-Z]{2,4}$")  # case numbers' prefix


class Authority(Strict):
    """A body with a role under the pack's measures."""

    code: str
    name: str
    short_name: str
    kind: Literal["coordinating", "security", "sector", "zone_committee"]
    roles: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)


# the citation of a text the platform writes where the pack's measures set no rule for it
READING_CITATION = "本平台解读（本辖区管理办法未规定报告承诺）"
SUPERVISOR = "supervisor"  # the authority role of the body that supervises (the city officer)


class Letterhead(Strict):
    """What the documents the platform writes carry at their head."""

    city: str  # the municipal issuers, as they sign jointly
    joint_meeting: str  # the body that issues bulletins
    portal_owner: str
    mark: str = ""  # 发文机关标志 of the platform's documents (GB/T 9704 版头); "" → portal_owner
    bureaus: str = ""  # 主送 of a zone's half-yearly report (the bureaus' short names)
    office: str = Field(default="CITY", pattern=r"^[A-Z]{2,4}$")  # the city's case prefix
    doc_prefix: str = ""  # 发文字号 of the supervising bureau (渝网信委〔2026〕1号): 渝网信委

    def head(self) -> str:
        """The 发文机关标志 printed at the head of every document the platform writes."""
        return self.mark or self.portal_owner


class Portal(Strict):
    """The portal's texts that differ between FTZs."""

    title: str
    subtitle: str
    lead: str
    basis: str
    # what a processor commits to when it reports, where the pack's measures set no
    # commitment rule (roles.commitments): the platform's own text, shown as 本平台解读
    commitment: str = (
        "所报告的数据出境情况真实、准确、完整，"
        "按负面清单和国家规定的方式办理数据出境，并配合监督检查。"
    )


class DemoOrg(Strict):
    """A fictitious processor the demonstration seeds (never a real company), named and coded
    as one of that place: its USCC carries the zone's 行政区划代码 and a valid check char."""

    key: str
    name: str
    uscc: str = Field(pattern=r"^91[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$")
    zone: str
    sector: str


class DemoExport(Strict):
    """The demonstration's main export, in the pack's own list: the scenario and category
    its reports and assessment name, and the fields it sends."""

    scenario: str
    scenario_name: str
    category: int
    category_name: str
    fields: list[str]
    recipient: str
    country: str = Field(pattern=r"^[A-Z]{2}$")


class Roles(Strict):
    """The rule ids that say, in this pack's measures, what each step of the decision needs.
    A step without a rule does not exist in that pack (no report, no cross-pack list use)."""

    scope: str
    scope_notes: list[str] = Field(default_factory=list)  # readings shown with the scope
    not_in_force: list[str]
    outside: str
    uncovered: str
    area_alone: str
    ciio: str
    listed: str
    unlisted: str
    other_lists: str  # what the pack says of other FTZs' lists (allowing, or silent)
    other_lists_reference: str
    general_listed: str | None = None
    general_unlisted: str | None = None
    report: str | None = None
    commitments: str | None = None
    # the bases the platform's documents cite; None / []: the pack's measures set none, and
    # the document says so (documents/model.py `NO_BASIS`)
    half_yearly: str | None = None  # the zones' half-yearly reports (CQ Art 13 ¶2)
    bulletins: str | None = None  # the joint conference's bulletins (CQ Art 5)
    orders: list[str] = Field(default_factory=list)  # order notices (CQ Arts 12, 13)
    suspension: str | None = None  # suspending or ending a processor's exports (CQ Art 13)
    export_workflow: str | None = None
    incident_report: str | None = None
    annex_persons: str | None = None  # Annex rule 2-style thresholds (CQ Annex 一般规则 2)
    annex_ciio: str | None = None  # Annex rule 3-style CIIO threshold

    def general(self) -> tuple[str, str]:
        """The rules on data on and off a general list; a pack with a general list must have
        both (checked when its lists load)."""
        if self.general_listed is None or self.general_unlisted is None:
            raise ValueError("pack has a general list but no general_listed/general_unlisted")
        return self.general_listed, self.general_unlisted


class Adoption(Strict):
    """Generic rules of the base (the list rules, written once) that this pack's measures
    carry: each is cited under the pack's instrument and in force on the pack's dates."""

    instrument: str
    locator: str
    effective_from: date
    effective_until: date | None = None
    rules: list[str]


class Pack(Strict):
    """One jurisdiction: the data that makes the platform that FTZ's."""

    code: str
    name: str
    short_name: str
    city: str
    official: bool  # true only when the measures and lists are all verbatim official texts
    status: str  # what of the pack is official, in one sentence for people
    measures: list[str]  # instrument ids of the pack's own measures
    rules: str | None = None  # the pack's own instruments.yaml + rules.yaml (None: the base)
    catalogue: str | None = None  # its annex file (None: the base catalogue.yaml)
    lists: list[str] = Field(default_factory=list)
    settings: dict[str, bool | str] = Field(default_factory=dict)
    roles: Roles
    adopts: Adoption | None = None
    zones: list[Zone]
    authorities: list[Authority]
    letterhead: Letterhead
    portal: Portal
    demo: list[DemoOrg] = Field(default_factory=list)
    demo_exports: list[DemoExport] = Field(default_factory=list)  # main, second enterprise
    sources: list[str] = Field(default_factory=list)
    directory: Path = Path()

    @model_validator(mode="after")
    def _demo_in_zones(self) -> "Pack":
        codes = {z.code: z for z in self.zones}
        for org in self.demo:
            zone = codes.get(org.zone)
            if zone is None:
                raise ValueError(f"demo org {org.name}: unknown zone {org.zone!r}")
            if not uscc_valid(org.uscc):
                raise ValueError(f"demo org {org.name}: USCC {org.uscc} 校验位错误")
            if zone.division and org.uscc[2:6] != zone.division[:4]:
                raise ValueError(f"demo org {org.name}: USCC 行政区划代码与所在{zone.kind}不符")
        return self

    def regime(self, kind: str) -> str:
        """The contract's regime name for a list of this kind: chongqing_negative_list."""
        return f"{self.code}_{kind}_list"

    def zone(self, code: str) -> Zone | None:
        """The zone with this code, if the pack has it."""
        return next((z for z in self.zones if z.code == code), None)

    def borrows_catalogue(self) -> bool:
        """Whether the pack publishes no annex of its own and shows the base's (the home
        pack's) as a reference only."""
        return self.catalogue is None and self.code != HOME

    def supervisor(self) -> Authority:
        """The authority whose officers supervise for the city (the first with that role)."""
        return next(a for a in self.authorities if SUPERVISOR in a.roles)

    def list_dirs(self) -> list[Path]:
        """The directories of this pack's list files."""
        base = Path(__file__).parent / "data" / "lists"
        return [base if d == BASE else self.directory / d for d in self.lists]


class PackError(ValueError):
    """A pack that does not exist or whose pack.yaml is malformed."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def pack_codes() -> list[str]:
    """Codes of the shipped packs, the home pack first."""
    found = sorted(p.parent.name for p in packs_dir().glob(f"*/{PACK_FILE}"))
    return sorted(found, key=lambda code: code != HOME)


@cache
def load_pack(code: str) -> Pack:
    """The pack with this code, validated; PackError naming the file and line otherwise."""
    path = packs_dir() / code / PACK_FILE
    if code not in pack_codes():
        raise PackError(
            [SourceError(code, None, "", f"没有该辖区配置包；可用：{'、'.join(pack_codes())}")]
        )
    doc = read_yaml(path)
    try:
        pack = Pack.model_validate(
            {**doc.data, "directory": path.parent} if isinstance(doc.data, dict) else doc.data
        )
    except ValidationError as exc:
        raise PackError(
            [
                SourceError(doc.source, doc.line_of(e["loc"]), dotted(e["loc"]), chinese(e))
                for e in exc.errors()
            ]
        ) from None
    if pack.code != code:
        raise PackError([SourceError(doc.source, doc.line_of(("code",)), "code", "与目录名不符")])
    return pack


def chosen_code(option: str | None = None) -> str:
    """The jurisdiction asked for: the option, else CHUJING_JURISDICTION, else the home pack."""
    return option or os.environ.get(JURISDICTION_ENV) or HOME


def current_pack() -> Pack:
    """The pack this process serves (CHUJING_JURISDICTION; `serve --jurisdiction` sets it),
    for templates and services that present the FTZ: names, zones, letterheads, portal."""
    return load_pack(chosen_code())
