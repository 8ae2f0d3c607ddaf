"""Each processor's chance of being drawn by `chujing.shuangsuiji` v1 (docs/supervision.md §2.4).

Risk weights apply per pick: each pick takes a remaining processor with probability weight ÷
remaining total weight, without replacement. The chance of being drawn at all is therefore
not proportional to the weight — drawn heavy processors leave the pool, so the light ones'
share grows with every pick. By symmetry every processor of one weight in a stratum has the
same chance. It is computed exactly (in floating point) by dynamic programming over how many
processors of each weight have been drawn while that stays small; for large strata, by Rosén's
approximation for successive sampling (π = 1 − e^(−wτ) with Σπ = k), which agrees with the
exact value to about 10⁻⁴ at those sizes (tests/draws/test_chances.py).
"""

from collections import Counter
from dataclasses import dataclass
from math import ceil, comb, exp

from chujing.draws.algorithm import eligible_processors, strata
from chujing.draws.models import DrawParameters, ProcessorSnapshot

# the exact computation visits at most this many (step, state) pairs
EXACT_LIMIT = 60_000


@dataclass(frozen=True)
class Chance:
    """A processor's probability of being drawn, and whether it is exact or approximate."""

    probability: float
    exact: bool


def exact(counts: dict[int, int], k: int) -> dict[int, float]:
    """The chance that one processor of each weight is among k drawn, for a stratum holding
    `counts[w]` processors of weight w."""
    weights = sorted(counts)
    states: dict[tuple[int, ...], float] = {tuple(0 for _ in weights): 1.0}
    for _ in range(k):
        following: dict[tuple[int, ...], float] = {}
        for picked, p in states.items():
            left = [counts[w] - n for w, n in zip(weights, picked, strict=True)]
            total = sum(w * n for w, n in zip(weights, left, strict=True))
            for index, w in enumerate(weights):
                if left[index]:
                    step = (*picked[:index], picked[index] + 1, *picked[index + 1 :])
                    following[step] = following.get(step, 0.0) + p * w * left[index] / total
        states = following
    expected = [sum(p * s[i] for s, p in states.items()) for i in range(len(weights))]
    return {w: expected[i] / counts[w] for i, w in enumerate(weights)}


def approximate(counts: dict[int, int], k: int) -> dict[int, float]:
    """Rosén's approximation: π_w = 1 − e^(−wτ), τ chosen so that the chances add up to k."""
    if k >= sum(counts.values()):
        return dict.fromkeys(counts, 1.0)

    def expected(tau: float) -> float:
        return sum(n * (1 - exp(-w * tau)) for w, n in counts.items())

    low, high = 0.0, 1.0
    while expected(high) < k:
        high *= 2
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if expected(middle) < k else (low, middle)
    return {w: 1 - exp(-w * low) for w in counts}


def _work(counts: dict[int, int], k: int) -> int:
    """(step, state) pairs the exact computation visits: states of t picks over the weights."""
    m = len(counts)
    return sum(comb(t + m - 1, m - 1) for t in range(k + 1))


def per_weight(counts: dict[int, int], k: int) -> tuple[dict[int, float], bool]:
    """The chance per weight, and whether it was computed exactly."""
    if _work(counts, k) <= EXACT_LIMIT:
        return exact(counts, k), True
    return approximate(counts, k), False


def chances(params: DrawParameters, processors: ProcessorSnapshot) -> dict[str, Chance]:
    """Processor id → its chance of being drawn, for the processors in the draw's scope."""
    ratio = params.ratio_fraction()
    result: dict[str, Chance] = {}
    for members in strata(params, eligible_processors(params, processors)).values():
        weight_of = {p.id: params.risk_weights[p.risk_level] for p in members}
        by_weight, precise = per_weight(
            dict(Counter(weight_of.values())), ceil(ratio * len(members))
        )
        result.update({pid: Chance(by_weight[w], precise) for pid, w in weight_of.items()})
    return result
