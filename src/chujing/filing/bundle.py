"""The bundle: every document a plan's outcome requires, materials.json and the 材料清单.

`build_bundle` is pure (plan, scan, rules, lists → files); `write_bundle` writes into a
temporary folder beside DIR and renames it, so DIR holds a whole bundle or nothing;
`verify_bundle` recomputes every hash and the assessment.
"""

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chujing.engine import PlanError, assess, parse_plan
from chujing.engine.labels import PROCEDURE, SEPARATE_REGIME
from chujing.engine.obligations import PROCEDURE_RULES, SEPARATE_DUTIES
from chujing.filing.catalogue import Catalogue, Material, SetName, load_catalogue
from chujing.filing.drafts import forms, personal, reports, zone
from chujing.filing.facts import Facts, FilingInputError, Route, parse_scan
from chujing.filing.model import FilingDocument, Table
from chujing.filing.render import render_docx
from chujing.rules import NegativeList, RuleBook
from chujing.workdays import add_working_days

MANIFEST = "materials.json"
PLAN_FILE = "plan.json"
SCAN_FILE = "scan.json"
OUTCOME_FILE = "outcome.json"
SOURCE_NAMES = {"drafted": "本平台起草", "supplied": "企业提供"}
ROUTE_NAMES = {"standard_contract": "订立个人信息出境标准合同", "certification": "个人信息出境认证"}
MATTERS = {
    "security_assessment": "数据出境安全评估申报",
    "standard_contract": "个人信息出境标准合同备案",
    "certification": "个人信息出境认证",
}
Builder = Callable[[Facts], FilingDocument | bytes]
BUILDERS: dict[str, Builder] = {
    "self-assessment-report.docx": reports.self_assessment_report,
    "declaration.docx": forms.declaration,
    "contract-appendix-1.docx": forms.contract_appendix_1,
    "contract-appendix-2.docx": forms.contract_appendix_2,
    "certification-application.docx": forms.certification_application,
    "pia-record.docx": personal.pia_record,
    "notice.docx": personal.notice,
    "art11-report.docx": zone.art11_report,
    "art15-commitment.docx": zone.art15_commitment,
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class Bundle:
    """The files of a bundle by name (materials.json last) and its manifest."""

    files: dict[str, bytes]
    manifest: dict[str, Any]


def _sets(facts: Facts) -> list[SetName]:
    """Which material sets the outcome requires, in the order a processor files them."""
    sets: list[SetName] = []
    if facts.pathway == "security_assessment":
        sets.append("security_assessment")
    elif facts.pathway == "standard_contract_or_certification":
        sets.append(facts.route)
    if facts.has_pi and facts.pathway != "separate_regime":
        sets.append("personal_information")
    if facts.under_list:
        sets.append("chongqing_list")
    return [*sets, "always"]


def _matter(facts: Facts) -> str:
    return MATTERS["security_assessment" if facts.pathway == "security_assessment" else facts.route]


def _document(facts: Facts, material: Material) -> FilingDocument | bytes:
    name = material.file or ""
    if name == "pia-report.docx":
        return reports.pia_report(facts, certification=facts.route == "certification")
    if name == "authorisation.docx":
        return forms.authorisation(facts, matter=_matter(facts))
    if name == "commitment.docx":
        return forms.commitment(facts, matter=_matter(facts))
    return BUILDERS[name](facts)


def _extra_materials(facts: Facts) -> list[dict[str, Any]]:
    """Licences of parallel procedures and the approvals of a separate regime: supplied."""
    out = []
    for code in facts.outcome["parallel_procedures"]:
        rule = facts.book.rule(PROCEDURE_RULES[code], facts.day)
        out.append(
            {"key": code, "title": f"{PROCEDURE[code]}证件或批准文件", "basis": rule.citation}
        )
    regime = facts.outcome["separate_regime"]
    if regime:
        rule = facts.book.rule(SEPARATE_DUTIES[regime], facts.day)
        out.append(
            {
                "key": regime,
                "title": f"按专门制度办理的批准文件（{SEPARATE_REGIME[regime]}）",
                "basis": rule.citation,
            }
        )
    return [
        {**m, "set": "procedures", "source": "supplied", "file": None, "status": "to_supply"}
        for m in out
    ]


# which material sets each deadline covers (O13 Art 7: the contract and the PIA report)
DEADLINE_SETS: dict[str, tuple[str, ...]] = {"file_standard_contract": ("standard_contract",)}


def deadlines(facts: Facts, effective: date | None) -> list[dict[str, Any]]:
    """The deadlines the bundle's route sets, on the working-day calendar where the law
    counts working days (the standard contract: O13 Art 7)."""
    if facts.pathway != "standard_contract_or_certification" or facts.route != "standard_contract":
        return []
    rule = facts.book.rule("o13.art7", facts.day)
    start = effective or facts.day
    days = rule.params["amount"]
    assert isinstance(days, int)
    return [
        {
            "key": "file_standard_contract",
            "title": "标准合同备案",
            "basis": rule.citation,
            "from": start.isoformat(),
            "from_assumed": effective is None,
            "working_days": days,
            "due": add_working_days(start, days).isoformat(),
        }
    ]


def _checklist(
    facts: Facts, docs: list[dict[str, Any]], hashes: dict[str, str], due: list[dict[str, Any]]
) -> FilingDocument:
    rows = [
        [
            str(n),
            d["title"],
            d["basis"],
            SOURCE_NAMES[d["source"]],
            d["file"] or "—",
            hashes.get(d["file"] or "", "—"),
        ]
        for n, d in enumerate(docs, 1)
    ]
    blocks: list[Any] = [
        f"出境路径：{facts.pathway_text}"
        + (
            f"（{ROUTE_NAMES[facts.route]}）"
            if facts.pathway == "standard_contract_or_certification"
            else ""
        )
        + "。",
        Table(["序号", "材料", "依据", "提供方", "文件", "SHA-256"], rows),
        f"{facts.provenance()}",
    ]
    for d in due:
        assumed = "（合同生效日期尚未确定，暂按评估日期计算）" if d["from_assumed"] else ""
        blocks.append(
            f"{d['title']}期限：自{d['from']}起{d['working_days']}个工作日内，即不晚于{d['due']}"
            f"{assumed}（{d['basis']}）。"
        )
    from chujing.filing.model import Section

    return FilingDocument(
        title="材料清单",
        notes=[
            "“本平台起草”的材料为草稿，【待填写：…】处须如实填写；“企业提供”的材料由本单位准备。"
        ],
        sections=[Section("所需材料", blocks)],
    )


def build_bundle(
    plan_data: Any,
    *,
    book: RuleBook,
    lists: list[NegativeList],
    scan_data: Any | None = None,
    route: Route = "standard_contract",
    effective: date | None = None,
) -> Bundle:
    """Every file of the bundle for a raw plan (and scan report); FilingInputError or
    PlanError name the bad field."""
    plan = parse_plan(plan_data, book)
    scan = parse_scan(scan_data) if scan_data is not None else None
    outcome = assess(plan, lists=lists, book=book).to_json()
    facts = Facts(plan=plan, outcome=outcome, scan=scan, book=book, lists=lists, route=route)
    catalogue: Catalogue = load_catalogue()
    files: dict[str, bytes] = {}
    docs: list[dict[str, Any]] = []
    for set_name in _sets(facts):
        for material in catalogue.sets[set_name]:
            if material.key == "checklist" or any(d["key"] == material.key for d in docs):
                continue
            entry = {
                "key": material.key,
                "set": set_name,
                "title": material.title,
                "basis": catalogue.basis_text(material, book),
                "source": material.source,
                "file": material.file,
                "status": "draft" if material.source == "drafted" else "to_supply",
            }
            if material.file is not None and material.file not in files:
                built = _document(facts, material)
                files[material.file] = (
                    built if isinstance(built, bytes) else render_docx(built, dated=facts.day)
                )
            docs.append(entry)
    docs.extend(_extra_materials(facts))
    plan_json = {**plan.model_dump(mode="json"), "date": outcome["date"]}
    files[PLAN_FILE] = _dump(plan_json)
    if scan_data is not None:
        files[SCAN_FILE] = _dump(scan_data)
    files[OUTCOME_FILE] = _dump(outcome)
    due = deadlines(facts, effective)
    hashes = {name: sha256(data) for name, data in files.items()}
    checklist = next(m for m in catalogue.sets["always"] if m.key == "checklist")
    docs.append(
        {
            "key": checklist.key,
            "set": "always",
            "title": checklist.title,
            "basis": catalogue.basis_text(checklist, book),
            "source": "drafted",
            "file": checklist.file,
            "status": "draft",
        }
    )
    assert checklist.file is not None
    files[checklist.file] = render_docx(_checklist(facts, docs, hashes, due), dated=facts.day)
    for d in docs:
        d["sha256"] = sha256(files[d["file"]]) if d["file"] else None
    manifest = {
        "pathway": outcome["pathway"],
        "route": route if outcome["pathway"] == "standard_contract_or_certification" else None,
        "date": outcome["date"],
        "rules_version": outcome["rules_version"],
        "input_sha256": outcome["input_sha256"],
        "catalogue_version": catalogue.version,
        "documents": docs,
        "deadlines": due,
        "files": {name: sha256(data) for name, data in files.items()},
    }
    files[MANIFEST] = _dump(manifest)
    return Bundle(files=files, manifest=manifest)


def write_bundle(bundle: Bundle, out: Path) -> None:
    """Write the bundle as DIR, whole or not at all: into a temporary folder beside it,
    then renamed; an existing non-empty DIR is refused (FilingInputError on --out)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FilingInputError("--out", f"{out} 已存在且不是空目录")
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    try:
        for name, data in bundle.files.items():
            (temp / name).write_bytes(data)
        if out.exists():
            out.rmdir()
        os.replace(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def zip_bundle(bundle: Bundle, folder: str) -> bytes:
    """The bundle as one zip (the platform's download), every file under `folder/`."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in bundle.files.items():
            archive.writestr(
                zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0)), data
            )
    return out.getvalue()


_RECHECKED = (("rules_version", "规则版本"), ("pathway", "出境路径"), ("negative_list", "负面清单"))


@dataclass(frozen=True)
class Finding:
    """One thing verify found: `ok` or what changed, in Chinese."""

    ok: bool
    text: str


def _read_json(path: Path, field: str) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise FilingInputError(field, f"{path} 不存在") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FilingInputError(field, f"{path} 无法读取（{exc}）") from None


def verify_bundle(folder: Path, *, book: RuleBook, lists: list[NegativeList]) -> list[Finding]:
    """Every file against its recorded hash, files not recorded, and the assessment of the
    bundle's plan on today's rules against the recorded rules version and outcome."""
    if not folder.is_dir():
        raise FilingInputError("DIR", f"{folder} 不是目录")
    manifest = _read_json(folder / MANIFEST, MANIFEST)
    recorded = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(recorded, dict):
        raise FilingInputError(f"{MANIFEST}.files", "缺少文件哈希表")
    findings: list[Finding] = []
    for name, digest in sorted(recorded.items()):
        path = folder / name
        if not path.is_file():
            findings.append(Finding(False, f"{name}：文件缺失"))
        elif sha256(path.read_bytes()) != digest:
            findings.append(
                Finding(False, f"{name}：内容已被修改（SHA-256 与 {MANIFEST} 记录不符）")
            )
        else:
            findings.append(Finding(True, f"{name}：哈希一致"))
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST and path.name not in recorded:
            findings.append(Finding(False, f"{path.name}：未登记在 {MANIFEST} 中的文件"))
    plan = _read_json(folder / PLAN_FILE, PLAN_FILE)
    try:
        outcome = assess(parse_plan(plan, book), lists=lists, book=book).to_json()
    except PlanError as exc:
        return [*findings, Finding(False, f"{PLAN_FILE}：计划无效（{exc}）")]
    stored = _read_json(folder / OUTCOME_FILE, OUTCOME_FILE)
    if not isinstance(stored, dict):
        raise FilingInputError(OUTCOME_FILE, "应为评估结果对象")
    for key, label in _RECHECKED:
        if outcome.get(key) != stored.get(key):
            findings.append(
                Finding(False, f"{label}已变化：{stored.get(key)} → {outcome.get(key)}")
            )
    if outcome == stored:
        findings.append(Finding(True, "按现行规则重新评估，结论与包内评估结果一致"))
    else:
        changed = sorted(k for k in outcome if outcome.get(k) != stored.get(k))
        findings.append(Finding(False, f"按现行规则重新评估，结论有变化：{'、'.join(changed)}"))
    return findings
