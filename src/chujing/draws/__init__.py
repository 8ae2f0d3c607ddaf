"""Verifiable 双随机 draws: frozen directories, a committed seed, a fixed algorithm, receipts."""

from chujing.draws.algorithm import DrawError, draw
from chujing.draws.append import append_adjustment
from chujing.draws.canonical import canonical_json, sha256_hex
from chujing.draws.models import (
    DrawParameters,
    Inspector,
    InspectorSnapshot,
    Processor,
    ProcessorSnapshot,
    Receipt,
)
from chujing.draws.receipt import make_commitment, make_receipt, new_seed, seed_commitment
from chujing.draws.verify import Check, VerificationResult, verify

__all__ = [
    "Check",
    "DrawError",
    "DrawParameters",
    "Inspector",
    "InspectorSnapshot",
    "Processor",
    "ProcessorSnapshot",
    "Receipt",
    "VerificationResult",
    "append_adjustment",
    "canonical_json",
    "draw",
    "make_commitment",
    "make_receipt",
    "new_seed",
    "seed_commitment",
    "sha256_hex",
    "verify",
]
