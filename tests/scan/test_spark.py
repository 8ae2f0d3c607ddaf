"""The Spark engine gives the local engine's report on the same data."""

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession
from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.scan.core import Options, scan
from chujing.scan.errors import ScanError
from chujing.scan.spark import scan_spark, session

SCAN_DATE = date(2026, 3, 1)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("CHUJING_SPARK_MASTER", "local[2]")
    s = session()
    yield s
    s.stop()


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a == b


@pytest.mark.parametrize(
    ("fmt", "encoding"),
    [("csv", "utf-8"), ("csv", "gbk"), ("parquet", "utf-8"), ("jsonl", "utf-8")],
)
def test_spark_equals_local(
    spark: SparkSession, dataset: Callable[..., Path], fmt: str, encoding: str
) -> None:
    path = str(dataset(rows=2500, seed=51, fmt=fmt, encoding=encoding))
    opts = Options(on=SCAN_DATE)
    local = scan([path], opts)
    remote = scan_spark([path], opts, spark=spark)
    assert remote.persons.distinct > 0
    _same(local.model_dump(), remote.model_dump())


@pytest.mark.parametrize(("fmt", "nested"), [("csv", False), ("jsonl", True), ("json", True)])
def test_spark_equals_local_on_messy_and_nested_data(
    spark: SparkSession, tmp_path: Path, fmt: str, nested: bool
) -> None:
    from chujing import synth

    path = tmp_path / f"messy.{fmt}"
    synth.write(path, rows=3000, seed=52, fmt=fmt, as_of=SCAN_DATE, messy=True, nested=nested)
    opts = Options(on=SCAN_DATE)
    local = scan([str(path)], opts)
    remote = scan_spark([str(path)], opts, spark=spark)
    assert local.persons.masked > 0
    _same(local.model_dump(), remote.model_dump())


def test_spark_approximate_and_sketch_equal_local(
    spark: SparkSession, dataset: Callable[..., Path], tmp_path: Path
) -> None:
    path = str(dataset(rows=2500, seed=51))
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    local = scan([path], Options(on=SCAN_DATE, approx=True, salt=b"k", save_sketch=a))
    remote = scan_spark(
        [path], Options(on=SCAN_DATE, approx=True, salt=b"k", save_sketch=b), spark=spark
    )
    assert local.persons == remote.persons
    from chujing.scan import sketch

    assert sketch.estimates(sketch.load(a)) == sketch.estimates(sketch.load(b))


def test_spark_reads_catalogue_tables(spark: SparkSession) -> None:
    rows = [("张伟", "13800138000"), ("李娜", "13900139000"), ("张伟", "13800138000")]
    spark.createDataFrame(rows, "xm string, sj string").createOrReplaceTempView("customers")
    report = scan_spark(["hive:customers"], Options(on=SCAN_DATE), spark=spark)
    assert [c.kind for c in report.columns] == ["person_name", "mobile_phone"]
    assert report.persons.distinct == 2


def test_spark_refuses_what_it_cannot_read(
    spark: SparkSession, dataset: Callable[..., Path]
) -> None:
    with pytest.raises(ScanError, match="xlsx"):
        scan_spark([str(dataset(rows=50, fmt="xlsx"))], Options(on=SCAN_DATE), spark=spark)
    with pytest.raises(ScanError, match="数据库"):
        scan_spark(["sqlite:///x.db"], Options(on=SCAN_DATE), spark=spark)


def test_cli_engine_spark(spark: SparkSession, dataset: Callable[..., Path]) -> None:
    path = str(dataset(rows=2500, seed=51))
    result = CliRunner().invoke(app, ["scan", path, "--engine", "spark", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"cn_resident_id"' in result.stdout


def test_spark_reads_sparse_columns_further(spark: SparkSession, tmp_path: Path) -> None:
    import random

    from chujing import synth

    rng = random.Random(9)
    path = tmp_path / "late.csv"
    ids_ = [synth.resident_id(rng, born=date(1980, 1, 1 + n % 28)) for n in range(400)]
    lines = ["id,col2"] + [f"{i},{'' if n < 300 else '高血压'}" for n, i in enumerate(ids_)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    opts = Options(on=SCAN_DATE, sample=200)
    local = scan([str(path)], opts)
    remote = scan_spark([str(path)], opts, spark=spark)
    assert remote.columns[1].kind == "medical"
    _same(local.model_dump(), remote.model_dump())
