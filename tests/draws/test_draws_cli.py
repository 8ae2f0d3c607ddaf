"""`chujing draws`: exit codes and Chinese messages of seed, make, adjust and verify."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner, Result

from chujing.cli.draws import app

runner = CliRunner()


def _make(processors: Path, inspectors: Path, ratio: str, seed: Path, out: Path) -> Result:
    """`chujing draws make` of the directories with `seed` into the receipt `out`."""
    return runner.invoke(
        app,
        [
            "make",
            "--processors", str(processors),
            "--inspectors", str(inspectors),
            "--ratio", ratio,
            "--seed-file", str(seed),
            "--out", str(out),
        ],
    )  # fmt: skip


def test_verify_example_exits_0(example_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(example_path)])
    assert result.exit_code == 0, result.output
    assert "验证通过" in result.output


def test_verify_tampered_exits_1_naming_the_failure(example_path: Path, tmp_path: Path) -> None:
    document = json.loads(example_path.read_text(encoding="utf-8"))
    document["inspectors"]["inspectors"][2]["conflicts"] = []
    tampered = tmp_path / "receipt.json"
    tampered.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(tampered)])
    assert result.exit_code == 1
    assert "检查人员名录快照的 SHA-256 与事先承诺记录不符" in result.output


def test_verify_with_published_hashes(example_path: Path) -> None:
    document = json.loads(example_path.read_text(encoding="utf-8"))
    record = document["commitment"]["record_sha256"]
    first = document["adjustments"][0]["previous_receipt_sha256"]
    ok = runner.invoke(
        app, ["verify", str(example_path), "--commitment", record, "--receipt-hash", first]
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["verify", str(example_path), "--receipt-hash", "0" * 64])
    assert bad.exit_code == 1
    assert "不在本回执的哈希链中" in bad.output


def test_verify_unreadable_exits_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["verify", str(tmp_path / "none.json")])
    assert missing.exit_code == 2
    assert "不存在" in missing.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(broken)])
    assert result.exit_code == 2
    assert "不是有效的 JSON" in result.output
    assert "Traceback" not in result.output


def test_seed_make_adjust_verify(examples_dir: Path, tmp_path: Path) -> None:
    seed = tmp_path / "seed.hex"
    made = runner.invoke(app, ["seed", str(seed)])
    assert made.exit_code == 0
    commitment = made.output.strip()
    assert len(commitment) == 64
    again = runner.invoke(app, ["seed", str(seed)])
    assert again.exit_code == 2, "an existing seed is never overwritten"

    receipt = tmp_path / "receipt.json"
    result = _make(
        examples_dir / "draw-processors-example.json",
        examples_dir / "draw-inspectors-example.json",
        "0.2",
        seed,
        receipt,
    )
    assert result.exit_code == 0, result.output
    document = json.loads(receipt.read_text(encoding="utf-8"))
    assert document["commitment"]["seed_sha256"] == commitment
    assert len(document["result"]["assignments"]) == 8

    first = document["final_assignments"][0]
    adjusted = runner.invoke(
        app,
        [
            "adjust", str(receipt),
            "--processor", first["processor"],
            "--replace-inspector", first["inspectors"][1],
            "--new-conflict",
            "--reason", "新申报利益冲突（测试）",
            "--by", "经办人",
        ],
    )  # fmt: skip
    assert adjusted.exit_code == 0, adjusted.output
    assert runner.invoke(app, ["verify", str(receipt)]).exit_code == 0


def test_make_with_bad_directory_exits_2_naming_the_field(
    examples_dir: Path, tmp_path: Path
) -> None:
    processors = tmp_path / "p.json"
    document = json.loads((examples_dir / "draw-processors-example.json").read_text("utf-8"))
    del document["processors"][3]["zone"]
    processors.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    seed = tmp_path / "seed.hex"
    seed.write_text("00" * 32, encoding="ascii")
    shutil.copy(examples_dir / "draw-inspectors-example.json", tmp_path / "i.json")
    result = _make(processors, tmp_path / "i.json", "0.1", seed, tmp_path / "r.json")
    assert result.exit_code == 2
    assert "字段 processors[3].zone：缺少此字段" in result.output
    assert not (tmp_path / "r.json").exists()


def test_make_with_short_seed_exits_2(examples_dir: Path, tmp_path: Path) -> None:
    seed = tmp_path / "seed.hex"
    seed.write_text("ab" * 16, encoding="ascii")
    result = _make(
        examples_dir / "draw-processors-example.json",
        examples_dir / "draw-inspectors-example.json",
        "0.1",
        seed,
        tmp_path / "r.json",
    )
    assert result.exit_code == 2
    assert "应为 32 字节" in result.output
