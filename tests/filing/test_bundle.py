"""Each pathway's bundle: the documents, their template headings, the plan's facts."""

import json
from pathlib import Path
from typing import Any

import pytest
from tests.filing.conftest import in_order, texts

from chujing.filing import FilingInputError, build_bundle, write_bundle
from chujing.filing.drafts.reports import PIA_HEADINGS, SELF_ASSESSMENT_HEADINGS
from chujing.filing.model import PLACEHOLDER
from chujing.rules import load_lists, load_rules

NUMBERS = ("一、", "二、", "三、", "四、")


def bundle(plan: dict[str, Any], **kw: Any) -> Any:
    return build_bundle(plan, book=load_rules(), lists=load_lists(None), **kw)


def numbered(headings: tuple[str, ...]) -> list[str]:
    """The template's first-level headings as the document numbers them (一、二、…)."""
    return [n + h for n, h in zip(NUMBERS, headings, strict=True)]


def files(b: Any) -> set[str]:
    return {d["file"] for d in b.manifest["documents"] if d["file"]}


def test_security_assessment_bundle_has_the_guide_materials(security_plan: dict[str, Any]) -> None:
    b = bundle(security_plan)
    assert b.manifest["pathway"] == "security_assessment"
    assert {
        "self-assessment-report.docx",
        "declaration.docx",
        "authorisation.docx",
        "commitment.docx",
        "pia-record.docx",
        "notice.docx",
        "materials-list.docx",
    } <= files(b)
    report = texts(b.files["self-assessment-report.docx"])
    assert in_order(report, numbered(SELF_ASSESSMENT_HEADINGS))
    body = "\n".join(report)
    assert "重庆测试数据科技有限公司" in body
    assert "91500000MA5U7XXX1A" in body
    assert "高精度测绘数据" in body
    assert "道路点云" in body
    assert "Example Data Ltd" in body
    assert PLACEHOLDER.format("统一社会信用代码") not in body
    assert "【待填写：股权结构" in body  # what the plan cannot know stays visible
    supplied = {d["title"] for d in b.manifest["documents"] if d["source"] == "supplied"}
    assert "统一社会信用代码证件影印件" in supplied
    assert "与境外接收方拟订立的数据出境相关合同或者其他具有法律效力的文件" in supplied


def test_standard_contract_bundle_and_its_deadline(contract_plan: dict[str, Any]) -> None:
    b = bundle(contract_plan)
    assert b.manifest["pathway"] == "standard_contract_or_certification"
    assert {
        "pia-report.docx",
        "contract-appendix-1.docx",
        "contract-appendix-2.docx",
        "commitment.docx",
        "authorisation.docx",
    } <= files(b)
    pia = texts(b.files["pia-report.docx"])
    assert in_order(pia, numbered(PIA_HEADINGS))
    appendix = "\n".join(texts(b.files["contract-appendix-1.docx"]))
    assert "会员联系信息（姓名、手机号）" in appendix
    assert "国家互联网信息办公室令第13号" in appendix
    contract = next(d for d in b.manifest["documents"] if d["key"] == "scc_contract")
    assert contract["source"] == "supplied"
    assert contract["file"] is None
    # 2026-03-01 is a Sunday; 10 working days later on the calendar is Friday 13 March
    (due,) = b.manifest["deadlines"]
    assert due["due"] == "2026-03-13"
    assert due["from_assumed"] is True
    assert "《个人信息出境标准合同办法》第七条" in due["basis"]


def test_contract_deadline_counts_from_the_effective_day_over_holidays(
    contract_plan: dict[str, Any],
) -> None:
    from datetime import date

    b = bundle(contract_plan, effective=date(2026, 9, 28))
    (due,) = b.manifest["deadlines"]
    assert due["from_assumed"] is False
    assert due["due"] > "2026-10-09"  # the National Day holiday is not counted


def test_certification_route(contract_plan: dict[str, Any]) -> None:
    b = bundle(contract_plan, route="certification")
    assert {"certification-application.docx", "pia-report.docx"} <= files(b)
    assert "contract-appendix-1.docx" not in files(b)
    assert b.manifest["route"] == "certification"
    assert b.manifest["deadlines"] == []
    assert "申请个人信息出境认证" in "\n".join(texts(b.files["pia-report.docx"]))


def test_chongqing_list_adds_art11_report_and_art15_commitment(
    example_plan: dict[str, Any],
) -> None:
    b = bundle(example_plan)
    assert {"art11-report.docx", "art15-commitment.docx"} <= files(b)
    report = "\n".join(texts(b.files["art11-report.docx"]))
    assert "车主联系信息" in report
    assert "Example Auto Service GmbH" in report
    commitment = "\n".join(texts(b.files["art15-commitment.docx"]))
    assert "真实性、完整性、准确性、有效性承担法律责任" in commitment


def test_exempt_under_list_still_needs_pia_record_and_notice(
    exempt_list_plan: dict[str, Any],
) -> None:
    b = bundle(exempt_list_plan)
    assert b.manifest["pathway"] == "exempt"
    assert {"pia-record.docx", "notice.docx", "art11-report.docx"} <= files(b)
    assert "pia-report.docx" not in files(b)
    notice = "\n".join(texts(b.files["notice.docx"]))
    assert "Example Auto Service GmbH" in notice
    assert "单独同意" in notice
    assert "姓名、手机号、车辆识别代号" in notice


def test_notice_asks_guardians_when_the_scan_found_children(contract_plan: dict[str, Any]) -> None:
    scan = {
        "rows": 10,
        "columns": [{"name": "c1", "kind": "cn_resident_id", "pi": "personal"}],
        "persons": {"distinct": 10, "sensitive_distinct": 0, "minors_under_14": 2},
    }
    b = bundle(contract_plan, scan_data=scan)
    notice = "\n".join(texts(b.files["notice.docx"]))
    assert "监护人" in notice
    assert "scan.json" in b.manifest["files"]
    assert "不满十四周岁未成年人 2 人" in "\n".join(texts(b.files["pia-report.docx"]))


def test_separate_regime_drafts_nothing_but_the_checklist(separate_plan: dict[str, Any]) -> None:
    b = bundle(separate_plan)
    assert b.manifest["pathway"] == "separate_regime"
    assert files(b) == {"materials-list.docx"}
    (approval,) = [d for d in b.manifest["documents"] if d["source"] == "supplied"]
    assert "国家核心数据" in approval["title"]


def test_materials_json_names_every_file_with_its_hash(contract_plan: dict[str, Any]) -> None:
    b = bundle(contract_plan)
    manifest = json.loads(b.files["materials.json"])
    assert set(manifest["files"]) == set(b.files) - {"materials.json"}
    for d in manifest["documents"]:
        assert d["basis"]
        assert d["title"]
        assert d["status"] in ("draft", "to_supply")
    checklist = "\n".join(texts(b.files["materials-list.docx"]))
    assert manifest["files"]["pia-report.docx"] in checklist
    assert "企业提供" in checklist
    assert "本平台起草" in checklist


def test_same_plan_same_bytes(contract_plan: dict[str, Any]) -> None:
    assert bundle(contract_plan).files == bundle(contract_plan).files


@pytest.mark.parametrize(
    ("scan", "field"),
    [
        (
            {"rows": 1, "columns": [], "persons": {"distinct": "7", "sensitive_distinct": 0}},
            "scan.persons.distinct",
        ),
        (
            {
                "rows": 1,
                "columns": [{"name": "a", "kind": "email"}],
                "persons": {"distinct": 1, "sensitive_distinct": 0},
            },
            "scan.columns[0].pi",
        ),
        ([], "scan"),
    ],
)
def test_bad_scan_names_the_field(contract_plan: dict[str, Any], scan: Any, field: str) -> None:
    with pytest.raises(FilingInputError) as caught:
        bundle(contract_plan, scan_data=scan)
    assert caught.value.field == field


def test_pi_found_by_the_scan_brings_the_notice_though_the_plan_says_none() -> None:
    from tests.filing.conftest import plan

    no_pi = plan(items=[{"name": "设备日志", "fields": ["设备编号"]}], persons=0)
    scan = {
        "rows": 5,
        "columns": [{"name": "col3", "kind": "mobile_phone", "pi": "personal"}],
        "persons": {"distinct": 5, "sensitive_distinct": 0},
    }
    assert "notice.docx" not in files(bundle(no_pi))
    assert {"notice.docx", "pia-record.docx"} <= files(bundle(no_pi, scan_data=scan))


def test_reasons_and_purposes_are_quoted_not_left_blank(contract_plan: dict[str, Any]) -> None:
    with_purpose = {**contract_plan, "purposes": ["marketing"]}
    b = bundle(with_purpose)
    pia = "\n".join(texts(b.files["pia-report.docx"]))
    assert "出境目的：市场营销。" in pia
    assert PLACEHOLDER.format("出境目的") not in pia
    outcome = json.loads(b.files["outcome.json"])
    for reason in outcome["reasons"]:
        assert reason["citation"] in pia
    assert outcome["rules_version"] in pia
    assert outcome["input_sha256"] in pia


def test_a_failed_write_leaves_neither_dir_nor_temp(
    contract_plan: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = bundle(contract_plan)
    written: list[str] = []
    real = Path.write_bytes

    def flaky(self: Path, data: Any) -> int:
        if written:
            raise OSError("disk full")
        written.append(self.name)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    with pytest.raises(OSError, match="disk full"):
        write_bundle(b, tmp_path / "out")
    assert written  # one file had been written into the temporary folder
    assert list(tmp_path.iterdir()) == []
