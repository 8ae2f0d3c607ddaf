"""Time a 双随机 draw, its receipt and its verification on a large synthetic directory.

Run: .venv/bin/python bench/draws.py [PROCESSORS] [INSPECTORS]
"""

import time
from datetime import datetime

from benchkit import size
from chujing.draws import (
    DrawParameters,
    InspectorSnapshot,
    ProcessorSnapshot,
    make_commitment,
    make_receipt,
    seed_commitment,
    verify,
)

TAKEN = "2026-03-01T09:00:00+08:00"


def main() -> None:
    n_processors, n_inspectors = size(1, 10_000), size(2, 200)
    zones = [f"zone-{z}" for z in range(5)]
    levels = ["low", "medium", "high"]
    processors = ProcessorSnapshot.model_validate(
        {
            "taken_at": TAKEN,
            "source": "bench",
            "processors": [
                {
                    "id": f"P-{i:06d}",
                    "name": f"处理者{i}",
                    "zone": zones[i % 5],
                    "sector": "s",
                    "risk_level": levels[i % 3],
                }
                for i in range(n_processors)
            ],
        }
    )
    inspectors = InspectorSnapshot.model_validate(
        {
            "taken_at": TAKEN,
            "source": "bench",
            "inspectors": [
                {
                    "id": f"I-{i:04d}",
                    "name": f"检查员{i}",
                    "department": "d",
                    "zone": zones[i % 5],
                    "conflicts": [f"P-{(i * 37 + j) % n_processors:06d}" for j in range(20)],
                }
                for i in range(n_inspectors)
            ],
        }
    )
    params = DrawParameters(inspection_item="bench", ratio="0.1")
    seed = bytes(range(32))
    commitment = make_commitment(
        draw_id="bench",
        title="bench",
        committed_at=datetime.fromisoformat(TAKEN),
        parameters=params,
        processors=processors,
        inspectors=inspectors,
        seed_sha256=seed_commitment(seed),
    )
    start = time.perf_counter()
    receipt = make_receipt(
        commitment=commitment,
        parameters=params,
        processors=processors,
        inspectors=inspectors,
        seed=seed,
        drawn_at=datetime.fromisoformat("2026-03-02T09:00:00+08:00"),
    )
    made = time.perf_counter() - start
    start = time.perf_counter()
    result = verify(receipt)
    checked = time.perf_counter() - start
    assert result.ok
    print(f"processors={n_processors} inspectors={n_inspectors} ratio=0.1")
    print(f"drawn={len(receipt['result']['assignments'])}")
    print(f"make_receipt_seconds={made:.3f}")
    print(f"verify_seconds={checked:.3f}")


if __name__ == "__main__":
    main()
