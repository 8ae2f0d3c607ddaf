"""Benchmark of the decision engine: `python bench/bench_engine.py`.

Plans of 1, 50 and 500 items against a generated 5,000-entry negative list, decided
in-process; then `chujing assess` end to end, process start included.
Targets (issue #2): a 50-item plan in < 5 ms in-process; the CLI in < 0.5 s.
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from chujing.engine import assess, parse_plan
from chujing.rules import NegativeList, load_rules

FIELDS = ["姓名", "手机号", "地址", "车辆识别代号", "经纬度轨迹", "银行卡号", "诊断", "邮箱"]
DATA_TYPES = ["important_data", "personal_information", "sensitive_personal_information"]


def generated_list(entries: int) -> NegativeList:
    """A valid Chongqing list with `entries` entries in 100 scenarios."""
    scenarios = []
    per = entries // 100
    for s in range(100):
        rows = []
        for e in range(per):
            n = s * per + e
            data_type = DATA_TYPES[n % 3]
            row = {
                "code": f"G-{s:03d}-{e:03d}",
                "name": f"数据类别{n}",
                "category": n % 40 + 1,
                "data_type": data_type,
                "fields": [FIELDS[n % 8], FIELDS[(n + 3) % 8], f"字段{n}"],
            }
            if data_type != "important_data" and n % 2:
                row["thresholds"] = {"persons": 100000 + n}
            rows.append(row)
        scenarios.append(
            {"code": f"G-{s:03d}", "activity": "业务", "name": f"场景{s}", "entries": rows}
        )
    return NegativeList.model_validate(
        {
            "id": "bench",
            "title": "基准清单",
            "ftz": "chongqing",
            "official": False,
            "version": "1",
            "published": date(2025, 9, 1),
            "valid_from": date(2025, 9, 1),
            "valid_until": date(2027, 8, 31),
            "sector": "基准行业",
            "source": "bench",
            "scenarios": scenarios,
        }
    )


def plan(items: int) -> dict[str, object]:
    return {
        "date": "2026-03-01",
        "processor": {"name": "基准公司", "ftz": "registered", "sector": "基准行业"},
        "scenario": "G-007",
        "persons": 350000,
        "sensitive_persons": 2000,
        "items": [
            {
                "name": f"数据项{i}",
                "category": i % 40 + 1,
                "fields": [FIELDS[i % 8], FIELDS[(i + 1) % 8]],
                "pi": ["none", "personal", "sensitive"][i % 3],
                "sensitive_kinds": ["financial_account"] if i % 3 == 2 else [],
            }
            for i in range(items)
        ],
        "recipients": [{"name": "Bench Ltd", "country": "SG"}],
    }


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    book = load_rules()
    start = time.perf_counter()
    lst = generated_list(5000)
    print(f"generated list: {len(lst.entries())} entries in {time.perf_counter() - start:.2f} s")
    print(f"{'items':>6} {'median ms':>10} {'p95 ms':>8} {'runs':>5}")
    for n in (1, 50, 500):
        data = plan(n)
        runs = 20 if n == 500 else 200
        times = timed(lambda d=data: assess(parse_plan(d, book), lists=[lst], book=book), runs)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        print(f"{n:>6} {statistics.median(times) * 1000:>10.2f} {p95 * 1000:>8.2f} {runs:>5}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        example = json.loads(json.dumps(plan(50)))
        example["processor"]["sector"] = "智能网联汽车"
        example["scenario"] = None
        path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
        exe = Path(sys.executable).with_name("chujing")
        cli = timed(
            lambda: subprocess.run(
                [str(exe), "assess", str(path), "--format", "json"], check=True, capture_output=True
            ),
            10,
        )
    print(
        f"chujing assess end to end (50 items, process start included): "
        f"median {statistics.median(cli):.3f} s, max {max(cli):.3f} s over 10 runs"
    )


if __name__ == "__main__":
    main()
