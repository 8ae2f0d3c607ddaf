"""An independent reimplementation of docs/supervision.md §2.4, written from the text alone.

It imports nothing from chujing: if it agrees with the shipped receipt, the document is
precise enough for an outsider to recompute a draw.
"""

import hashlib
import hmac
import json
from fractions import Fraction
from math import ceil
from typing import Any


class Stream:
    def __init__(self, seed: bytes, label: str) -> None:
        self.seed, self.label, self.i = seed, label.encode(), 0

    def below(self, m: int) -> int:
        while True:
            block = hmac.new(
                self.seed, self.label + b"\x00" + self.i.to_bytes(8, "big"), hashlib.sha256
            ).digest()
            self.i += 1
            x = int.from_bytes(block[:8], "big")
            if x < 2**64 - 2**64 % m:
                return x % m


def canonical_sha256(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def recompute(receipt: dict[str, Any]) -> list[dict[str, Any]]:
    params = receipt["parameters"]
    weights = params["risk_weights"]
    seed = bytes.fromhex(receipt["seed"])
    kept = sorted(
        (
            p
            for p in receipt["processors"]["processors"]
            if (params["zones"] is None or p["zone"] in params["zones"])
            and (params["sectors"] is None or p["sector"] in params["sectors"])
        ),
        key=lambda p: p["id"],
    )
    strata: dict[str, list[dict[str, Any]]] = {}
    for p in kept:
        strata.setdefault(p["zone"] if params["stratify_by_zone"] else "*", []).append(p)
    drawn = []
    for name in sorted(strata):
        remaining = list(strata[name])
        stream = Stream(seed, f"processors|{name}")
        for _ in range(ceil(Fraction(params["ratio"]) * len(remaining))):
            r = stream.below(sum(weights[p["risk_level"]] for p in remaining))
            running = 0
            for i, p in enumerate(remaining):
                running += weights[p["risk_level"]]
                if r < running:
                    drawn.append(remaining.pop(i))
                    break
    inspectors = receipt["inspectors"]["inspectors"]
    load = {i["id"]: 0 for i in inspectors}
    out = []
    for order, p in enumerate(drawn, start=1):
        local = [
            i
            for i in inspectors
            if not params["inspectors_from_same_zone"] or i["zone"] in (None, p["zone"])
        ]
        candidates = [i["id"] for i in local if p["id"] not in i["conflicts"]]
        stream = Stream(seed, f"inspectors|{p['id']}")
        chosen: list[str] = []
        for _ in range(params["inspectors_per_processor"]):
            pool = [c for c in candidates if c not in chosen]
            low = min(load[c] for c in pool)
            tied = sorted(c for c in pool if load[c] == low)
            pick = tied[stream.below(len(tied))]
            chosen.append(pick)
            load[pick] += 1
        out.append(
            {
                "order": order,
                "processor": p["id"],
                "zone": p["zone"],
                "risk_level": p["risk_level"],
                "inspectors": chosen,
                "recused": sorted(i["id"] for i in local if p["id"] in i["conflicts"]),
            }
        )
    return out


def test_outsider_reimplementation_agrees(example_receipt: dict[str, Any]) -> None:
    commitment = example_receipt["commitment"]
    assert canonical_sha256(example_receipt["processors"]) == commitment["processors_sha256"]
    assert canonical_sha256(example_receipt["inspectors"]) == commitment["inspectors_sha256"]
    assert canonical_sha256(example_receipt["parameters"]) == commitment["parameters_sha256"]
    seed_hash = hashlib.sha256(bytes.fromhex(example_receipt["seed"])).hexdigest()
    assert seed_hash == commitment["seed_sha256"]
    record = {k: v for k, v in commitment.items() if k != "record_sha256"}
    assert canonical_sha256(record) == commitment["record_sha256"]
    assert recompute(example_receipt) == example_receipt["result"]["assignments"]
    body = {k: v for k, v in example_receipt.items() if k != "receipt_sha256"}
    assert canonical_sha256(body) == example_receipt["receipt_sha256"]
