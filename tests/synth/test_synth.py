import csv
import json
import random
import re
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from chujing import ids, synth
from chujing.cli.synth import synth as synth_cmd


def test_identifiers_carry_valid_check_digits() -> None:
    rng = random.Random(3)
    for _ in range(300):
        p = synth.person(rng)
        assert ids.resident_id_valid(p.resident_id)
        assert ids.resident_id_birth_date(p.resident_id) == p.birth_date
        assert ids.luhn_valid(p.bank_card)
        assert len(p.bank_card) in (16, 19)
        assert ids.vin_valid(synth.vin(rng))
        assert ids.uscc_valid(synth.uscc(rng))
        assert not ids.resident_id_valid(synth.wrong_check_resident_id(rng))
        assert len(p.mobile) == 11
        assert p.mobile[0] == "1"


def test_new_energy_plates_appear() -> None:
    rng = random.Random(5)
    plates = [synth.license_plate(rng) for _ in range(200)]
    assert any(len(p) == 8 for p in plates)
    assert any(len(p) == 7 for p in plates)


def test_same_seed_same_data(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    synth.write(a, rows=300, seed=9, as_of=date(2026, 3, 1))
    synth.write(b, rows=300, seed=9, as_of=date(2026, 3, 1))
    assert a.read_bytes() == b.read_bytes()


def test_truth_counts_repeating_persons(tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    truth = synth.write(out, rows=3000, seed=4, as_of=date(2026, 3, 1)).to_json()
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    columns = truth["columns"]
    assert isinstance(columns, list)
    kinds = [c["kind"] for c in columns]
    id_col, remark = kinds.index("cn_resident_id"), kinds.index("free_text_with_pi")
    people = {r[id_col].upper() for r in rows[1:] if ids.resident_id_valid(r[id_col].upper())}
    quoted = {q for r in rows[1:] for q in re.findall(r"\d{17}[\dX]", r[remark])}
    assert quoted - people  # a remark names a person whose ID cell is junk: counted too
    people |= quoted
    assert any(r[id_col] == "无" or r[id_col] == "-" for r in rows[1:])  # junk cells exist
    persons = truth["persons"]
    assert isinstance(persons, dict)
    assert len(rows) - 1 == 3000
    assert persons["distinct"] == len(people) < 1500  # persons repeat across rows
    cutoff = ids.born_before_cutoff(date(2026, 3, 1), 14)
    minors = {p for p in people if (ids.resident_id_birth_date(p) or date.min) > cutoff}
    assert persons["minors_under_14"] == len(minors) > 0
    assert json.loads(synth.truth_path(out).read_text(encoding="utf-8")) == truth


@pytest.mark.parametrize("fmt", ["parquet", "xlsx", "jsonl"])
def test_other_formats(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"d.{fmt}"
    synth.write(out, rows=50, seed=2, fmt=fmt)
    assert out.stat().st_size > 0
    if fmt == "parquet":
        assert pq.read_metadata(out).num_rows == 50


def test_gbk_csv(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    synth.write(out, rows=50, seed=2, encoding="gbk")
    assert "收货地址" in out.read_bytes().decode("gbk") or "备注" in out.read_text("gbk")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(synth_cmd)
    return app


def test_cli_writes_data_and_truth(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = CliRunner().invoke(_app(), [str(out), "--rows", "20", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 20
    assert synth.truth_path(out).exists()


def test_cli_rejects_bad_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), [str(tmp_path / "x"), "--format", "xls"])
    assert result.exit_code == 2
