"""Benchmark of filing bundles: `python bench/bench_filing.py`.

One bundle per pathway (security assessment, standard contract, certification, exempt under
a Chongqing list), built in-process from a synthetic plan, median of 5 runs after a warm-up;
then `chujing filing` end to end (process start, writing the folder) once per pathway.
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from chujing.filing import Route, build_bundle
from chujing.rules import load_lists, load_rules

ROOT = Path(__file__).parents[1]
EXAMPLE: dict[str, Any] = yaml.safe_load(
    (ROOT / "examples" / "plans" / "icv-after-sales.yaml").read_text("utf-8")
)
NATIONAL: dict[str, Any] = {
    "date": "2026-03-01",
    "processor": {"name": "重庆基准测试科技有限公司", "uscc": "91500000MA5U7XXX1A"},
    "persons": 150000,
    "items": [
        {"name": f"数据项{n}", "fields": ["姓名", "手机号", "地址"], "pi": "personal"}
        for n in range(20)
    ],
    "recipients": [{"name": f"Recipient {n} Ltd", "country": "SG"} for n in range(5)],
}
CASES: list[tuple[str, dict[str, Any], Route]] = [
    (
        "security_assessment",
        {
            **NATIONAL,
            "items": [*NATIONAL["items"], {"name": "重要数据", "important_data": "notified"}],
        },
        "standard_contract",
    ),
    ("standard_contract", NATIONAL, "standard_contract"),
    ("certification", NATIONAL, "certification"),
    ("exempt_chongqing_list", {**EXAMPLE, "items": EXAMPLE["items"][:1]}, "standard_contract"),
    ("standard_contract_chongqing_list", EXAMPLE, "standard_contract"),
]


def main() -> None:
    book, lists = load_rules(), load_lists(None)
    print(f"{'pathway':36} {'files':>5} {'bytes':>9} {'median ms':>10} {'cli s':>7}")
    for name, plan, route in CASES:
        build_bundle(plan, book=book, lists=lists, route=route)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            bundle = build_bundle(plan, book=book, lists=lists, route=route)
            times.append((time.perf_counter() - start) * 1000)
        size = sum(len(v) for v in bundle.files.values())
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "plan.json"
            source.write_text(json.dumps(plan, ensure_ascii=False, default=str))
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "chujing",
                    "filing",
                    str(source),
                    "--route",
                    route,
                    "--out",
                    str(Path(tmp) / "out"),
                ],
                check=True,
                capture_output=True,
            )
            cli = time.perf_counter() - start
        median = statistics.median(times)
        print(f"{name:36} {len(bundle.files):5d} {size:9,d} {median:10.0f} {cli:7.2f}")


if __name__ == "__main__":
    main()
