import os
import random
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chujing import synth
from chujing.scan.core import Options, Warnings, scan
from chujing.scan.errors import ScanError

SCAN_DATE = date(2026, 3, 1)


def _scan(path: Path) -> tuple[int, list[str]]:
    warnings = Warnings()
    report = scan([str(path)], Options(on=SCAN_DATE), warnings=warnings)
    return report.rows, report.warnings


def _rows(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [f"{synth.name(rng)},{synth.mobile(rng)}" for _ in range(n)]


def test_binary_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    rng = random.Random(1)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises(ScanError, match=r"x\.csv"):
        _scan(path)


def test_xlsx_renamed_csv_is_named(tmp_path: Path, dataset: Callable[..., Path]) -> None:
    path = tmp_path / "y.csv"
    path.write_bytes(dataset(rows=50, fmt="xlsx").read_bytes())
    with pytest.raises(ScanError, match="XLSX"):
        _scan(path)


def test_old_xls_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(ScanError, match=r"\.xls"):
        _scan(path)


def test_broken_xlsx(tmp_path: Path, dataset: Callable[..., Path]) -> None:
    good = dataset(rows=500, fmt="xlsx").read_bytes()
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ScanError, match="xlsx"):
        _scan(path)


def test_zip_bomb_xlsx_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    zeros = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(100):
                member.write(zeros)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(ScanError, match="压缩炸弹"):
        _scan(path)


def test_fifty_megabyte_line_is_skipped_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("姓名,手机\n")
        fh.write("\n".join(_rows(100)) + "\n")
        fh.write("张三," + "9" * (50 << 20) + "\n")
        fh.write("\n".join(_rows(100, seed=2)) + "\n")
    rows, warnings = _scan(path)
    assert rows == 200
    assert any("第 102 行" in w for w in warnings)


def test_nul_bytes_removed_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    lines = ["姓名,手机", *_rows(50)]
    lines[10] = lines[10].replace(",", ",\0")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, warnings = _scan(path)
    assert rows == 50
    assert any("NUL" in w and "第 11 行" in w for w in warnings)


def test_mixed_encodings_decoded_per_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    body = ["姓名,手机", *_rows(300)]
    data = b"".join(
        (line.encode("gbk") if i == 200 else line.encode("utf-8")) + b"\n"
        for i, line in enumerate(body)
    )
    path.write_bytes(data)
    report = scan([str(path)], Options(on=SCAN_DATE))
    assert report.rows == 300
    assert any("第 201 行" in w and "gb18030" in w for w in report.warnings)
    assert report.persons.distinct == len({r.split(",")[1] for r in body[1:]})


def test_gbk_after_an_ascii_head_switches_once(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    ascii_rows = [f"{i},{13800000000 + i}" for i in range(8000)]  # > 64 KB of ASCII first
    gbk_rows = [f"{i},张{i % 10}" for i in range(100)]
    path.write_bytes(("id,v\n" + "\n".join(ascii_rows + gbk_rows) + "\n").encode("gbk"))
    from chujing.scan.readers import open_source

    warnings: list[str] = []
    table = open_source(str(path), warnings.append)[0]
    assert table.encoding == "utf-8"
    values = [v for b in table.open_batches(None) for v in b.column(1).to_pylist()]
    assert values[-1] == "张9"
    assert len(warnings) == 1
    assert "GB18030" in warnings[0]


def test_ragged_rows_skipped_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    lines = ["姓名,手机", *_rows(20)]
    lines[5] = lines[5] + ",多余,更多"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, warnings = _scan(path)
    assert rows == 19
    assert any("第 6 行" in w for w in warnings)


def test_truncated_quote_keeps_rows_read(tmp_path: Path) -> None:
    path = tmp_path / "trunc.csv"
    path.write_text("姓名,手机\n" + "\n".join(_rows(30)) + '\n"张三,1380', encoding="utf-8")
    rows, warnings = _scan(path)
    assert 29 <= rows <= 31
    assert isinstance(warnings, list)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ScanError, match="为空"):
        _scan(path)


def test_truncated_parquet(tmp_path: Path, dataset: Callable[..., Path]) -> None:
    good = dataset(rows=500, fmt="parquet").read_bytes()
    path = tmp_path / "t.parquet"
    path.write_bytes(good[: len(good) - 100])
    with pytest.raises(ScanError, match="Parquet"):
        _scan(path)


def test_one_bad_source_among_good_ones_is_a_warning(
    tmp_path: Path, dataset: Callable[..., Path]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\0" * 1000)
    report = scan([str(dataset(rows=300)), str(bad)], Options(on=SCAN_DATE))
    assert report.rows == 300
    assert any("bad.csv" in w for w in report.warnings)


def test_long_line_memory_is_bounded(tmp_path: Path) -> None:
    """The reader never holds the whole oversized line: its pending buffer stays capped."""
    from chujing.scan import textio

    path = tmp_path / "l.csv"
    path.write_bytes(b"a\n" + b"x" * (3 * textio.MAX_LINE) + b"\nb\n")
    with path.open("rb") as raw:
        stream = textio.Utf8Stream(raw, "utf-8", "l.csv", lambda m: None)
        out = b""
        peak = 0
        while chunk := stream.read(1 << 20):
            out += chunk
            peak = max(peak, len(stream._pending))
    assert out == b"a\nb\n"
    assert peak <= textio.MAX_LINE + textio.CHUNK
    assert os.path.getsize(path) > 3 * textio.MAX_LINE


def test_a_million_column_header_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n1,2\n", encoding="utf-8")
    with pytest.raises(ScanError, match="首行超过"):
        _scan(path)
    narrow = tmp_path / "wide2.csv"
    narrow.write_text(",".join("c" for _ in range(20_000)) + "\n1\n", encoding="utf-8")
    with pytest.raises(ScanError, match="20,000 列"):
        _scan(narrow)


def test_ragged_rows_far_down_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "far.csv"
    lines = ["姓名,手机", *_rows(60_000)]
    lines[50_000] += ",多余"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, warnings = _scan(path)
    assert rows == 59_999
    assert any("第 50001 行" in w for w in warnings)
