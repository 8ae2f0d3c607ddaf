"""How much more likely a high-risk processor is to be drawn than a low-risk one.

Risk weights (1/2/4) apply per pick, so the overall chances are not in the ratio 1:2:4. Prints,
for the documented example directory (docs/examples/draw-processors-example.json) and for a
large zone of equal thirds, the exact chance per risk level (`chujing.draws.chances`) and the
frequencies of N seeded draws made with the algorithm itself.

Run: .venv/bin/python bench/bench_draw_chances.py [DRAWS]
"""

import hashlib
import json
import time
from collections import Counter
from math import ceil
from pathlib import Path

from benchkit import size
from chujing.draws import DrawParameters, ProcessorSnapshot
from chujing.draws.algorithm import eligible_processors, strata, weighted_sample
from chujing.draws.chances import chances
from chujing.draws.randomness import RandomStream

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
LEVELS = ("low", "medium", "high")


def _equal_thirds(n: int) -> ProcessorSnapshot:
    return ProcessorSnapshot.model_validate(
        {
            "taken_at": "2026-03-01T09:00:00+08:00",
            "source": "bench",
            "processors": [
                {"id": f"P-{i:05d}", "name": f"处理者{i}", "zone": "z", "sector": "s"}
                | {"risk_level": LEVELS[i % 3]}
                for i in range(n)
            ],
        }
    )


def _by_level(params: DrawParameters, snapshot: ProcessorSnapshot) -> dict[str, float]:
    level = {p.id: p.risk_level for p in snapshot.processors}
    found = chances(params, snapshot)
    return {
        lv: next(c.probability for pid, c in found.items() if level[pid] == lv) for lv in LEVELS
    }


def _simulated(params: DrawParameters, snapshot: ProcessorSnapshot, draws: int) -> dict[str, float]:
    groups = strata(params, eligible_processors(params, snapshot))
    size = Counter(p.risk_level for p in snapshot.processors)
    picked: Counter[str] = Counter()
    for n in range(draws):
        seed = hashlib.sha256(f"bench-{n}".encode()).digest()
        for zone, members in groups.items():
            k = ceil(params.ratio_fraction() * len(members))
            stream = RandomStream(seed, f"processors|{zone}")
            picked.update(
                p.risk_level for p in weighted_sample(stream, members, params.risk_weights, k)
            )
    return {lv: picked[lv] / (size[lv] * draws) for lv in LEVELS}


def main() -> None:
    draws = size(1, 20_000)
    example = ProcessorSnapshot.model_validate_json(
        (EXAMPLES / "draw-processors-example.json").read_text(encoding="utf-8")
    )
    base = json.loads((EXAMPLES / "draw-parameters-example.json").read_text(encoding="utf-8"))
    for name, snapshot, simulate in (
        ("example directory (2 zones × 8 low, 8 medium, 4 high)", example, True),
        ("one zone of 3,000 (equal thirds)", _equal_thirds(3000), False),
    ):
        print(name)
        for ratio in ("0.1", "0.2", "0.5"):
            params = DrawParameters.model_validate({**base, "ratio": ratio})
            started = time.perf_counter()
            exact = _by_level(params, snapshot)
            took = time.perf_counter() - started
            line = " ".join(f"{lv} {exact[lv]:.4f}" for lv in LEVELS)
            ratio_hl = exact["high"] / exact["low"]
            print(f"  ratio {ratio}: {line}; high/low {ratio_hl:.2f}× ({took * 1000:.0f} ms)")
            if simulate:
                seen = _simulated(params, snapshot, draws)
                line = " ".join(f"{lv} {seen[lv]:.4f}" for lv in LEVELS)
                ratio_hl = seen["high"] / seen["low"]
                print(f"    {draws:,} seeded draws: {line}; high/low {ratio_hl:.2f}×")


if __name__ == "__main__":
    main()
