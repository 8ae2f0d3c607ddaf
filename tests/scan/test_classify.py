import json
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chujing import synth
from chujing.scan.classify import Classifier
from chujing.scan.core import Options, scan
from chujing.scan.detectors import load_catalogue

SCAN_DATE = date(2026, 3, 1)

SEEDS = range(21, 27)
MIN_PRECISION = 0.95
MIN_RECALL = 0.95


def _truth(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(synth.truth_path(path).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def confusion(dataset: Callable[..., Path]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """True positives, false positives and false negatives per kind over several seeds."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for seed in SEEDS:
        path = dataset(rows=1500, seed=seed)
        report = scan([str(path)], Options(on=SCAN_DATE))
        columns = _truth(path)["columns"]
        assert isinstance(columns, list)
        expected = {c["name"]: c["kind"] for c in columns}
        for col in report.columns:
            want, got = expected[col.name], col.kind
            if want == got:
                tp[want] += 1
            else:
                fp[got] += 1
                fn[want] += 1
    return tp, fp, fn


KINDS = sorted({s.kind for s in synth.SPECS})


@pytest.mark.parametrize("kind", KINDS)
def test_precision_and_recall_per_kind(
    confusion: tuple[Counter[str], Counter[str], Counter[str]], kind: str
) -> None:
    tp, fp, fn = confusion
    precision = tp[kind] / max(1, tp[kind] + fp[kind])
    recall = tp[kind] / max(1, tp[kind] + fn[kind])
    assert tp[kind] > 0
    assert precision >= MIN_PRECISION, (kind, tp[kind], fp[kind])
    assert recall >= MIN_RECALL, (kind, tp[kind], fn[kind])


def _classify(name: str, values: Sequence[str | None]) -> str:
    return str(Classifier().classify(name, pa.array(values, pa.string())).kind)


@pytest.mark.parametrize(
    ("maker", "header"),
    [
        (synth.wrong_check_resident_id, "col3"),
        (synth.wrong_check_resident_id, "证件号码"),
        (lambda r: synth.values.order_number(r), "订单号"),
        (lambda r: synth.values.sku(r), "f_2"),
        (lambda r: synth.values.amount(r), "金额"),
        (lambda r: synth.values.timestamp(r), "col9"),
    ],
)
def test_traps_do_not_fire(maker: Callable[..., str], header: str) -> None:
    import random

    rng = random.Random(4)
    assert _classify(header, [maker(rng) for _ in range(500)]) == "none"


def test_header_required_kinds_need_their_header() -> None:
    dates = [f"19{80 + i % 20}-0{1 + i % 9}-1{i % 10}" for i in range(100)]
    assert _classify("出生日期", dates) == "birth_date"
    assert _classify("col4", dates) == "none"


def test_free_text_with_embedded_phone() -> None:
    import random

    rng = random.Random(1)
    texts = [f"请联系{synth.mobile(rng)}确认" if i % 5 == 0 else "已处理" for i in range(200)]
    assert _classify("备注", texts) == "free_text_with_pi"


def test_bank_card_needs_bin_and_luhn() -> None:
    import random

    rng = random.Random(2)
    cards = [synth.bank_card(rng) for _ in range(200)]
    broken = [c[:-1] + str((int(c[-1]) + 1) % 10) for c in cards]
    assert _classify("f_1", cards) == "bank_card"
    assert _classify("f_1", broken) == "none"


def test_examples_are_masked_never_raw(dataset: Callable[..., Path]) -> None:
    path = dataset(rows=1500, seed=21)
    report = scan([str(path)], Options(on=SCAN_DATE))
    raw = set(path.read_text(encoding="utf-8").replace("\n", ",").split(","))
    for col in report.columns:
        for example in col.examples:
            assert "*" in example
            assert example not in raw


def test_catalogue_is_valid_and_complete() -> None:
    cat = load_catalogue()
    assert len({d.id for d in cat.detectors}) == len(cat.detectors)
    contract_kinds = {s.kind for s in synth.SPECS} - {"none", "free_text_with_pi"}
    assert contract_kinds <= {d.kind for d in cat.detectors}
    assert {"biometric", "religion"} <= {d.kind for d in cat.detectors}


def test_religion_biometric_and_ethnicity_columns() -> None:
    import random

    rng = random.Random(6)
    assert _classify("col2", [synth.religion(rng) for _ in range(100)]) == "religion"
    assert _classify("f_5", [synth.ethnicity(rng) for _ in range(100)]) == "ethnicity"
    blobs = [f"{rng.getrandbits(256):064x}" for _ in range(100)]
    assert _classify("人脸特征值", blobs) == "biometric"
    assert _classify("col9", blobs) == "none"


def test_separate_latitude_column_needs_its_header() -> None:
    import random

    rng = random.Random(7)
    lats = [f"{rng.uniform(21, 45):.6f}" for _ in range(100)]
    assert _classify("纬度", lats) == "geo_coordinate"
    assert _classify("col3", lats) == "none"


def test_sensitive_kinds_of_sensitive_columns_are_known_to_the_rules() -> None:
    from chujing.rules import load_rules

    known = set(load_rules().sensitive_kinds)
    for det in load_catalogue().detectors:
        assert set(det.sensitive_kinds) <= known, det.id
        assert (det.pi == "sensitive") == bool(det.sensitive_kinds), det.id


@pytest.mark.parametrize(
    ("header", "values"),
    [
        (
            "col4",
            ["华为手机", "金龙鱼油", "小米电视", "蒙牛牛奶", "王老吉", "康师傅面", "白象方便面"],
        ),
        ("商品名称", ["王老吉", "金典", "华为", "康佳", "李宁", "安踏", "马应龙"]),
        ("version", ["1.2.3.4", "2.0.1.7", "10.3.2.1"]),
        ("city", ["重庆", "成都", "北京", "上海", "广州", "深圳", "杭州", "武汉"]),
        ("状态", ["已完成", "待发货", "已取消", "退款中", "已签收"]),
        ("code", ["SKU-CT-001", "CT-2291", "PRODUCT-HIV-FREE", "DOCTOR"]),
    ],
)
def test_look_alikes_are_not_pi(header: str, values: list[str]) -> None:
    assert _classify(header, values * 30) == "none"


def test_names_under_a_vague_header() -> None:
    names = ["张伟", "王芳", "欧阳娜娜", "李娜", "刘洋", "陈静", "杨勇", "赵敏"]
    assert _classify("col5", names * 30) == "person_name"


def test_id_numbers_in_remarks_are_not_cards() -> None:
    import random

    from chujing import ids

    rng = random.Random(12)
    luhn_ids: list[str] = []
    while len(luhn_ids) < 30:
        candidate = synth.resident_id(rng)
        if ids.luhn_valid(candidate) and candidate[0] in "456":
            luhn_ids.append(candidate)
    texts = [f"证件号{i}已核验" for i in luhn_ids]
    result = Classifier().classify("备注", pa.array(texts))
    assert result.kind == "free_text_with_pi"
    assert result.pi == "personal"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="0123456789XABCDEFGHJKLMNPQRTUWY -", max_size=20), max_size=30))
def test_vectorised_validators_imply_their_patterns(cells: list[str]) -> None:
    """``Classifier.valid`` lets a vectorised validator decide alone: it must never accept
    what the detector's own pattern rejects."""
    import re

    from chujing.scan import arrow

    classifier = Classifier()
    for det in classifier.catalogue.detectors:
        if det.validator not in classifier.vector_validators:
            continue
        canonical = classifier.normaliser.canonical(arrow.strings(cells), det.normalise)
        accepted = classifier.valid(det, canonical).to_pylist()
        pattern = re.compile(classifier.regex(det))
        for original, value in zip(canonical.to_pylist(), accepted, strict=True):
            assert value is None or pattern.search(original), (det.id, original)


def test_only_letters_and_digits_patterns_have_run_widths() -> None:
    from chujing.scan.detectors import alnum_widths

    assert alnum_widths(load_catalogue().by_kind("cn_resident_id").pattern) == (15, 18)
    assert alnum_widths(r"[EG]\d{8}") == (9, 9)
    for pattern in (r"1\d{2}[- ]?\d{4}", r"[^a]{3}", r"a.b", r"(?i)abc", r"\w{3}", r"ab$", r"a?"):
        assert alnum_widths(pattern) is None, pattern


def _id_text_piece() -> st.SearchStrategy[str]:
    valid = st.sampled_from(
        ["110101199003071234", "11010119900307123x", "110101900307123", "44030519500326380X"]
    )
    wide = valid.map(lambda v: v.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"}))
    noise = st.text(alphabet="0123456789Xx .-_+%证件号，：a", max_size=8)
    return st.one_of(valid, wide, noise)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_id_text_piece(), max_size=5).map("".join), max_size=12))
def test_ids_in_prose_found_as_runs_equal_the_regex_search(texts: list[str]) -> None:
    """The run path of ``text_keys`` (IDs are letters and digits) finds what the regex path
    finds, value for value and row for row."""
    classifier = Classifier()
    det = classifier.catalogue.by_kind("cn_resident_id")
    array = pa.array(texts, type=pa.string())
    rows, keys = classifier.text_keys(det, array)
    regex_only = Classifier()
    regex_only._runs.clear()
    want_rows, want_keys = regex_only.text_keys(det, array)
    got = sorted(zip(rows.tolist(), keys.to_pylist(), strict=True))
    assert got == sorted(zip(want_rows.tolist(), want_keys.to_pylist(), strict=True))


@pytest.mark.parametrize(
    "det",
    [d for d in load_catalogue().detectors if d.match == "full" and Classifier()._widths[d.id]],
    ids=lambda d: d.id,
)
def test_values_outside_a_detectors_widths_never_match(det: object) -> None:
    """The sample skips values of a length the detector cannot match: every value its
    pattern or masked shape matches has a length within those widths."""
    import re

    from chujing.scan.detectors import Detector

    assert isinstance(det, Detector)
    classifier = Classifier()
    lo, hi = classifier._widths[det.id] or (0, 0)
    for pattern in (classifier.catalogue.regex(det), det.masked):
        if pattern is None:
            continue
        strategy = st.from_regex(re.compile(pattern, re.ASCII), fullmatch=True)

        @settings(max_examples=50, deadline=None)
        @given(strategy)
        def check(value: str) -> None:
            assert lo <= len(value) <= hi, value

        check()
