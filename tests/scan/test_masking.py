from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from chujing.scan.core import Options, scan
from chujing.scan.detectors import Mask, load_catalogue
from chujing.scan.html import render_html
from chujing.scan.masking import mask

MASKS = [d.mask for d in load_catalogue().detectors]


@given(st.text(min_size=1, max_size=40), st.sampled_from(MASKS))
def test_a_masked_example_never_shows_the_value(value: str, rule: Mask) -> None:
    shown = mask(value, rule)
    assert "*" in shown
    if rule.keep_after and rule.keep_after in value:
        head = value.partition(rule.keep_after)[0]
        visible = len(shown.partition(rule.keep_after)[0].replace("*", ""))
        assert visible <= len(head) * 45 // 100
    else:
        assert len(shown.replace("*", "")) <= len(value) * 45 // 100


def test_contract_example_mask() -> None:
    assert mask("50010119900307123X", Mask(start=4, end=4)) == "5001**********123X"


def test_html_escapes_what_the_data_names(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("<script>alert(1)</script>,手机\n1,13800138000\n", encoding="utf-8")
    page = render_html(scan([str(path)], Options()))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
