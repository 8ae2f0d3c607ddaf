"""Making and extending draw receipts (verification: `verify.py`).

A receipt is a JSON document (`Receipt`); every hash in it is SHA-256 over canonical JSON
(`canonical.py`) of the document's own parts, so a verifier needs nothing but the file.
"""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from chujing.draws.adjustments import DrawState
from chujing.draws.algorithm import DrawError, draw
from chujing.draws.canonical import sha256_hex
from chujing.draws.models import (
    ALGORITHM_ID,
    ALGORITHM_VERSION,
    RECEIPT_FORMAT,
    DrawParameters,
    InspectorSnapshot,
    ProcessorSnapshot,
    Receipt,
)

Document = dict[str, Any]


def new_seed() -> bytes:
    """32 bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(32)


def seed_commitment(seed: bytes) -> str:
    """The SHA-256 of the seed's raw bytes, published before the draw."""
    return hashlib.sha256(seed).hexdigest()


def without(document: Document, key: str) -> Document:
    """A shallow copy of the document without one key."""
    return {k: v for k, v in document.items() if k != key}


def dump(model: BaseModel) -> Any:
    """The JSON form of a model, as stored in receipts."""
    return model.model_dump(mode="json")


def make_commitment(
    *,
    draw_id: str,
    title: str,
    committed_at: datetime,
    parameters: DrawParameters,
    processors: ProcessorSnapshot,
    inspectors: InspectorSnapshot,
    seed_sha256: str,
) -> Document:
    """The pre-draw record: what is fixed before the seed is revealed, and its hash."""
    record: Document = {
        "draw_id": draw_id,
        "title": title,
        "committed_at": committed_at.isoformat(),
        "parameters_sha256": sha256_hex(dump(parameters)),
        "processors_sha256": sha256_hex(dump(processors)),
        "inspectors_sha256": sha256_hex(dump(inspectors)),
        "seed_sha256": seed_sha256,
    }
    record["record_sha256"] = sha256_hex(record)
    return record


def seal(document: Document) -> Document:
    """The document with `receipt_sha256` (re)computed over everything else."""
    document = without(document, "receipt_sha256")
    document["receipt_sha256"] = sha256_hex(document)
    return document


def make_receipt(
    *,
    commitment: Document,
    parameters: DrawParameters,
    processors: ProcessorSnapshot,
    inspectors: InspectorSnapshot,
    seed: bytes,
    drawn_at: datetime,
) -> Document:
    """Perform the draw and return its sealed receipt (raises DrawError if impossible)."""
    if seed_commitment(seed) != commitment["seed_sha256"]:
        raise DrawError("种子与事先承诺的哈希不符")
    if drawn_at < datetime.fromisoformat(commitment["committed_at"]):
        raise DrawError("抽取时间早于承诺时间")
    result = draw(parameters, processors, inspectors, seed)
    state = DrawState.from_result(result, inspectors)
    document: Document = {
        "format": RECEIPT_FORMAT,
        "format_version": 1,
        "algorithm": {"id": ALGORITHM_ID, "version": ALGORITHM_VERSION},
        "commitment": commitment,
        "parameters": dump(parameters),
        "processors": dump(processors),
        "inspectors": dump(inspectors),
        "seed": seed.hex(),
        "drawn_at": drawn_at.isoformat(),
        "result": dump(result),
        "adjustments": [],
        "final_assignments": [dump(a) for a in state.final()],
    }
    sealed = seal(document)
    Receipt.model_validate(sealed)
    return sealed
