import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chujing import synth
from chujing.scan import sketch
from chujing.scan.core import Options, scan
from chujing.scan.errors import ScanError

SCAN_DATE = date(2026, 3, 1)


def _truth_persons(path: Path) -> dict[str, int]:
    data = json.loads(synth.truth_path(path).read_text(encoding="utf-8"))
    return {k: v for k, v in data["persons"].items() if isinstance(v, int)}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "jsonl"])
def test_exact_counts_match_ground_truth(dataset: Callable[..., Path], fmt: str) -> None:
    path = dataset(rows=3000, seed=31, fmt=fmt)
    report = scan([str(path)], Options(on=SCAN_DATE))
    truth = _truth_persons(path)
    assert report.rows == 3000
    assert report.persons.method == "exact"
    assert report.persons.key_kind == "cn_resident_id"
    assert report.persons.distinct == truth["distinct"]
    assert report.persons.sensitive_distinct == truth["sensitive_distinct"]
    assert report.persons.minors_under_14 == truth["minors_under_14"] > 0


def test_gbk_and_utf8_give_identical_reports(dataset: Callable[..., Path]) -> None:
    a = scan([str(dataset(rows=2000, seed=32))], Options(on=SCAN_DATE)).model_dump()
    b = scan([str(dataset(rows=2000, seed=32, encoding="gbk"))], Options(on=SCAN_DATE)).model_dump()
    for report in (a, b):
        report.pop("sources")
        report.pop("tables")
        for col in report["columns"]:
            col.pop("source")
    assert a == b


def test_sample_size_does_not_change_counts(dataset: Callable[..., Path]) -> None:
    path = dataset(rows=3000, seed=31)
    small = scan([str(path)], Options(on=SCAN_DATE, sample=500))
    assert small.persons.distinct == _truth_persons(path)["distinct"]


def test_minors_depend_on_scan_date(dataset: Callable[..., Path]) -> None:
    path = dataset(rows=3000, seed=31)
    later = scan([str(path)], Options(on=date(2040, 3, 1)))
    assert later.persons.minors_under_14 < _truth_persons(path)["minors_under_14"]


def test_approximate_counts_within_stated_bounds(dataset: Callable[..., Path]) -> None:
    path = dataset(rows=3000, seed=31)
    report = scan([str(path)], Options(on=SCAN_DATE, approx=True, salt=b"s"))
    truth = _truth_persons(path)
    assert report.persons.method == "approximate"
    assert report.persons.relative_error is not None
    assert report.persons.bounds is not None
    low, high = report.persons.bounds["distinct"]
    assert low <= truth["distinct"] <= high


def test_sketches_merge_to_the_union(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    synth.write(a, rows=3000, seed=41, as_of=SCAN_DATE)
    synth.write(b, rows=3000, seed=41, as_of=SCAN_DATE)  # the same persons again
    c = tmp_path / "c.csv"
    synth.write(c, rows=3000, seed=42, as_of=SCAN_DATE)
    files = []
    for src in (a, b, c):
        out = tmp_path / f"{src.stem}.sketch.json"
        scan([str(src)], Options(on=SCAN_DATE, save_sketch=out, salt=b"org-salt"))
        text = out.read_text(encoding="utf-8")
        assert "cn_resident_id" in text
        files.append(sketch.load(out))
    merged = sketch.merge(files)
    est = sketch.estimates(merged)["persons"]
    union = _truth_persons(a)["distinct"] + _truth_persons(c)["distinct"]
    assert est.lower <= union <= est.upper
    other = tmp_path / "o.sketch.json"
    scan([str(c)], Options(on=SCAN_DATE, save_sketch=other, salt=b"another"))
    with pytest.raises(ScanError, match="salt_id"):
        sketch.merge([files[0], sketch.load(other)])


def test_sketch_holds_no_raw_values(tmp_path: Path) -> None:
    src = tmp_path / "d.csv"
    synth.write(src, rows=200, seed=43, as_of=SCAN_DATE)
    out = tmp_path / "d.sketch.json"
    scan([str(src)], Options(on=SCAN_DATE, save_sketch=out, salt=b"x"))
    text = out.read_text(encoding="utf-8")
    for line in src.read_text(encoding="utf-8").splitlines()[1:20]:
        assert line.split(",")[1] not in text


def test_persons_across_sources_are_counted_once(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.parquet"
    synth.write(a, rows=1000, seed=44, as_of=SCAN_DATE)
    synth.write(b, rows=1000, seed=44, fmt="parquet", as_of=SCAN_DATE)
    report = scan([str(a), str(b)], Options(on=SCAN_DATE))
    assert report.rows == 2000
    assert report.persons.distinct == _truth_persons(a)["distinct"]


def test_mobile_key_when_no_id(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    rows = ["姓名,手机"] + [f"张三,138 0013 800{i % 7}" for i in range(50)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.key_kind == "mobile_phone"
    assert report.persons.distinct == 7


def test_name_with_address_key(tmp_path: Path) -> None:
    import random

    rng = random.Random(8)
    people = [(synth.name(rng), synth.address(rng)) for _ in range(40)]
    rows = ["联系人,住址,金额"] + [f"{n},{a},{i}.00" for i, (n, a) in enumerate(people * 3)]
    path = tmp_path / "na.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.key_kind == "person_name"
    assert report.persons.key == ["联系人", "住址"]
    assert report.persons.distinct == len(set(people))


def test_no_person_key(tmp_path: Path) -> None:
    path = tmp_path / "none.csv"
    path.write_text("sku,amount\n" + "SKU-AX-00001,12.50\n" * 10, encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.persons.distinct == 0
    assert report.persons.key == []
    assert report.plan["items"][0]["pi"] == "none"


def test_old_fifteen_digit_ids_count_as_their_new_form(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    rows = ["张三,11010519491231002X", "张三,110105491231002", "李四,110105500101003"]
    path.write_text("姓名,身份证号\n" + "\n".join(rows * 20) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.columns[1].kind == "cn_resident_id"
    assert report.persons.distinct == 2


def test_column_empty_in_the_sample_is_read_further(tmp_path: Path) -> None:
    import random

    rng = random.Random(9)
    path = tmp_path / "late.csv"
    ids_ = [synth.resident_id(rng, born=date(1980, 1, 1 + n % 28)) for n in range(400)]
    lines = ["id,col2"] + [f"{i},{'' if n < 300 else '高血压'}" for n, i in enumerate(ids_)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE, sample=200))
    assert report.columns[1].kind == "medical"
    assert report.persons.sensitive_distinct == len(set(ids_[300:]))


def test_card_numbers_inside_remarks_make_only_those_rows_sensitive(tmp_path: Path) -> None:
    import random

    rng = random.Random(10)
    ids_ = [synth.resident_id(rng, born=date(1980, 1, 1 + n % 28)) for n in range(200)]
    remarks = [
        f"退款至卡号{synth.bank_card(rng)}，已处理" if n % 4 == 0 else "客户要求周末送货"
        for n in range(200)
    ]
    path = tmp_path / "remarks.csv"
    lines = ["证件号,备注"] + [f"{i},{r}" for i, r in zip(ids_, remarks, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan([str(path)], Options(on=SCAN_DATE))
    remark = report.columns[1]
    assert remark.kind == "free_text_with_pi"
    assert remark.pi == "sensitive"
    assert remark.sensitive_kinds == ["financial_account"]
    assert report.persons.sensitive_distinct == 50


def test_keys_computed_in_parallel_come_in_order_and_errors_surface() -> None:
    import pyarrow as pa

    from chujing.scan.core import in_parallel

    batches = [pa.record_batch({"k": pa.array(["x"] * (i + 1))}) for i in range(30)]
    got = list(in_parallel(lambda b: b.num_rows * 2, iter(batches)))
    assert got == [(i + 1, 2 * (i + 1)) for i in range(30)]

    def fails(b: pa.RecordBatch) -> int:
        if b.num_rows == 8:
            raise ValueError("batch 8")
        return b.num_rows

    with pytest.raises(ValueError, match="batch 8"):
        list(in_parallel(fails, iter(batches)))


def test_keys_held_in_memory_count_as_duckdb_counts(
    dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chujing.scan import persons

    path = dataset(rows=3000, seed=83)
    small = scan([str(path)], Options(on=date(2026, 3, 1))).persons
    monkeypatch.setattr(persons, "IN_MEMORY_KEYS", 100)  # past it: DuckDB
    large = scan([str(path)], Options(on=date(2026, 3, 1))).persons
    assert small.key_kind == "cn_resident_id"
    assert small.distinct > 100
    assert (small.distinct, small.sensitive_distinct, small.minors_under_14) == (
        large.distinct,
        large.sensitive_distinct,
        large.minors_under_14,
    )
