import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from chujing.scan.errors import ScanError
from chujing.scan.readers import Table, expand, open_source


def _read(src: str, table: str | None = None) -> tuple[list[Table], pa.Table, list[str]]:
    warnings: list[str] = []
    tables = open_source(src, warnings.append, table=table)
    data = pa.Table.from_batches(list(tables[0].open_batches(None)))
    return tables, data, warnings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_read_identically(dataset: Callable[..., Path], encoding: str) -> None:
    tables, data, warnings = _read(str(dataset(rows=300, encoding=encoding)))
    _, reference, _ = _read(str(dataset(rows=300)))
    # a GB18030 file holding only GBK characters is GBK
    assert tables[0].encoding == ("gbk" if encoding == "gb18030" else encoding)
    assert data.num_rows == 300
    assert data.equals(reference)
    assert not warnings


def test_gb18030_four_byte_characters(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("姓名,备注\n䶮甲,𠀀\n".encode("gb18030"))
    tables, data, _ = _read(str(path))
    assert tables[0].encoding == "gb18030"
    assert data.column("备注").to_pylist() == ["𠀀"]


def test_tsv_and_leading_zeros_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("电话\t金额\n023-61234567\t007\n\t1.5\n", encoding="utf-8")
    _, data, _ = _read(str(path))
    assert data.column("电话").to_pylist() == ["023-61234567", None]
    assert data.column("金额").to_pylist() == ["007", "1.5"]


def test_quoted_newlines_stay_in_their_field(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('姓名,备注\n张三,"第一行\n第二行"\n李四,无\n', encoding="utf-8")
    _, data, _ = _read(str(path))
    assert data.column("备注").to_pylist() == ["第一行\n第二行", "无"]


def test_duplicate_and_empty_headers_made_unique(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("备注,备注,\n1,2,3\n", encoding="utf-8")
    tables, _, _ = _read(str(path))
    assert tables[0].columns == ["备注", "备注_2", "第3列"]


def test_xlsx(dataset: Callable[..., Path]) -> None:
    tables, data, _ = _read(str(dataset(rows=200, fmt="xlsx")))
    _, reference, _ = _read(str(dataset(rows=200)))
    assert tables[0].source.endswith("#数据")
    assert data.to_pylist() == reference.to_pylist()


def test_parquet(dataset: Callable[..., Path]) -> None:
    _, data, _ = _read(str(dataset(rows=200, fmt="parquet")))
    _, reference, _ = _read(str(dataset(rows=200)))
    assert data.to_pylist() == reference.to_pylist()


def test_jsonl(dataset: Callable[..., Path]) -> None:
    _, data, _ = _read(str(dataset(rows=200, fmt="jsonl")))
    _, reference, _ = _read(str(dataset(rows=200)))
    assert data.to_pylist() == reference.to_pylist()


def test_jsonl_bad_line_warns_with_line_number(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"a": "x"}\nnot json\n{"a": 3}\n', encoding="utf-8")
    _, data, warnings = _read(str(path))
    assert data.column("a").to_pylist() == ["x", "3"]
    assert any("第 2 行" in w for w in warnings)


def _sqlite(tmp_path: Path) -> str:
    db = tmp_path / "c.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE customers (name TEXT, phone TEXT, age INTEGER)")
    con.execute("CREATE TABLE orders (sku TEXT)")
    con.executemany("INSERT INTO customers VALUES (?, ?, ?)", [("张三", "13800138000", 30)] * 5)
    con.commit()
    con.close()
    return f"sqlite:///{db}"


def test_sqlite_all_tables_and_one_table(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    warnings: list[str] = []
    assert [t.source.rsplit("#", 1)[1] for t in open_source(url, warnings.append)] == [
        "customers",
        "orders",
    ]
    tables, data, _ = _read(url, table="customers")
    assert len(tables) == 1
    assert data.column("age").to_pylist() == ["30"] * 5
    with pytest.raises(ScanError, match="没有名为"):
        open_source(url, warnings.append, table="missing")


def test_postgresql() -> None:
    url = os.environ.get("CHUJING_TEST_POSTGRES_URL")
    assert url, "CHUJING_TEST_POSTGRES_URL is not set (run scripts/pg-temp.sh)"
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS scan_people"))
        conn.execute(sa.text("CREATE TABLE scan_people (xm TEXT, sj TEXT)"))
        conn.execute(
            sa.text("INSERT INTO scan_people VALUES (:a, :b)"),
            [{"a": "李四", "b": f"1390000{i:04d}"} for i in range(100)],
        )
    tables, data, _ = _read(url, table="scan_people")
    assert "chujing_test#scan_people" in tables[0].source
    assert data.num_rows == 100
    assert data.column("sj").to_pylist()[0] == "13900000000"


def test_directory_and_glob(tmp_path: Path) -> None:
    for name in ("a.csv", "b.jsonl", "skip.bin"):
        (tmp_path / name).write_text("x\n1\n", encoding="utf-8")
    assert [Path(p).name for p in expand([str(tmp_path)])] == ["a.csv", "b.jsonl"]
    assert [Path(p).name for p in expand([str(tmp_path / "*.csv")])] == ["a.csv"]
    with pytest.raises(ScanError):
        expand([str(tmp_path / "*.parquet")])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_reading_chosen_columns(dataset: Callable[..., Path], fmt: str) -> None:
    tables = open_source(str(dataset(rows=200, fmt=fmt)), lambda m: None)
    full = pa.Table.from_batches(list(tables[0].open_batches(None)))
    chosen = [full.column_names[5], full.column_names[1]]
    part = pa.Table.from_batches(list(tables[0].open_batches(chosen)))
    assert part.column_names == chosen
    assert part.to_pylist() == full.select(chosen).to_pylist()


def test_sqlite_chosen_columns(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    table = open_source(url, lambda m: None, table="customers")[0]
    part = pa.Table.from_batches(list(table.open_batches(["phone"])))
    assert part.column_names == ["phone"]
    assert part.num_rows == 5


def test_headerless_csv_keeps_pi_out_of_column_names(tmp_path: Path) -> None:
    path = tmp_path / "nohead.csv"
    path.write_text("张三,13800138000\n李四,13900139000\n", encoding="utf-8")
    tables, data, warnings = _read(str(path))
    assert tables[0].columns == ["第1列", "第2列"]
    assert data.num_rows == 2
    assert any("无表头" in w for w in warnings)


def test_gbk_larger_than_the_sample(dataset: Callable[..., Path]) -> None:
    """The sample stops reading early while Arrow may still read ahead through iconv."""
    from datetime import date

    from chujing.scan.core import Options, scan

    on = date(2026, 3, 1)
    utf8 = scan([str(dataset(rows=40_000, seed=91))], Options(on=on, sample=2000))
    gbk = scan([str(dataset(rows=40_000, seed=91, encoding="gbk"))], Options(on=on, sample=2000))
    assert gbk.persons == utf8.persons
    assert [c.kind for c in gbk.columns] == [c.kind for c in utf8.columns]
