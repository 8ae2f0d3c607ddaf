"""Each processor's chance of being drawn: exact against brute force, the large-stratum
approximation against exact, and seeded draws of the algorithm against both."""

import hashlib
from collections import Counter
from fractions import Fraction
from math import ceil, sqrt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chujing.draws import DrawParameters, ProcessorSnapshot
from chujing.draws.algorithm import weighted_sample
from chujing.draws.chances import EXACT_LIMIT, _work, approximate, chances, exact, per_weight
from chujing.draws.randomness import RandomStream

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _brute_force(weights: list[int], k: int) -> list[Fraction]:
    """P(processor i is drawn), by enumerating every sequence of k weighted picks."""
    chance = [Fraction(0)] * len(weights)

    def walk(left: tuple[int, ...], picked: tuple[int, ...], p: Fraction) -> None:
        if len(picked) == k:
            for i in picked:
                chance[i] += p
            return
        total = sum(weights[i] for i in left)
        for i in left:
            walk(tuple(j for j in left if j != i), (*picked, i), p * weights[i] / total)

    walk(tuple(range(len(weights))), (), Fraction(1))
    return chance


@settings(max_examples=60, deadline=None)
@given(
    counts=st.dictionaries(
        st.sampled_from([1, 2, 4, 7]), st.integers(1, 2), min_size=1, max_size=3
    ),
    fraction=st.floats(0.05, 1.0),
)
def test_exact_matches_brute_force(counts: dict[int, int], fraction: float) -> None:
    weights = [w for w, n in sorted(counts.items()) for _ in range(n)]
    k = max(1, ceil(fraction * len(weights)))
    expected = _brute_force(weights, k)
    got = exact(counts, k)
    for i, w in enumerate(weights):
        assert got[w] == pytest.approx(float(expected[i]), abs=1e-12)


def test_equal_weights_give_k_over_n_and_chances_add_up_to_k() -> None:
    assert exact({3: 10}, 4) == {3: pytest.approx(0.4)}
    counts = {1: 13, 2: 7, 4: 5}
    got = exact(counts, 6)
    assert sum(got[w] * n for w, n in counts.items()) == pytest.approx(6)
    assert got[4] / got[1] < 4  # weights apply per pick, not to the overall chance


def test_the_approximation_agrees_with_exact_where_it_takes_over() -> None:
    counts = {1: 300, 2: 150, 4: 150}
    k = 60
    assert _work(counts, k) < EXACT_LIMIT
    precise, rough = exact(counts, k), approximate(counts, k)
    for w in counts:
        assert rough[w] == pytest.approx(precise[w], abs=2e-4)
    large = {1: 3000, 2: 1500, 4: 1500}
    values, was_exact = per_weight(large, 600)
    assert was_exact is False
    assert sum(values[w] * n for w, n in large.items()) == pytest.approx(600)
    assert approximate({1: 2, 4: 1}, 3) == {1: 1.0, 4: 1.0}


def _example() -> tuple[DrawParameters, ProcessorSnapshot]:
    params = DrawParameters.model_validate_json(
        (EXAMPLES / "draw-parameters-example.json").read_text(encoding="utf-8")
    )
    snapshot = ProcessorSnapshot.model_validate_json(
        (EXAMPLES / "draw-processors-example.json").read_text(encoding="utf-8")
    )
    return params, snapshot


def test_chances_of_the_documented_example() -> None:
    params, snapshot = _example()
    found = chances(params, snapshot)
    assert set(found) == {p.id for p in snapshot.processors}
    level = {p.id: p.risk_level for p in snapshot.processors}
    by_level = {level[pid]: c.probability for pid, c in found.items()}
    assert by_level["high"] > by_level["medium"] > by_level["low"]
    assert 3.5 < by_level["high"] / by_level["low"] < 4  # not 4: per pick
    assert all(c.exact for c in found.values())
    for zone in {p.zone for p in snapshot.processors}:
        members = [p.id for p in snapshot.processors if p.zone == zone]
        k = ceil(params.ratio_fraction() * len(members))
        assert sum(found[pid].probability for pid in members) == pytest.approx(k)


def test_seeded_draws_agree_with_the_chances() -> None:
    params, snapshot = _example()
    members = sorted(
        (p for p in snapshot.processors if p.zone == "cq-liangjiang"), key=lambda p: p.id
    )
    weights = params.risk_weights
    k = ceil(len(members) / 2)
    expected = exact(dict(Counter(weights[p.risk_level] for p in members)), k)
    draws = 3000
    seen: Counter[str] = Counter()
    for n in range(draws):
        stream = RandomStream(hashlib.sha256(f"t-{n}".encode()).digest(), "processors|z")
        seen.update(p.risk_level for p in weighted_sample(stream, members, weights, k))
    for level, weight in weights.items():
        p = expected[weight]
        trials = draws * sum(1 for m in members if m.risk_level == level)
        assert abs(seen[level] / trials - p) < 4 * sqrt(p * (1 - p) / trials), level


def test_a_processor_outside_the_scope_has_no_chance() -> None:
    params, snapshot = _example()
    one_zone = params.model_copy(update={"zones": ["cq-xiyong"]})
    found = chances(one_zone, snapshot)
    assert {p.zone for p in snapshot.processors if p.id in found} == {"cq-xiyong"}
