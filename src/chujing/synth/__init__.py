"""Seeded synthetic Chinese personal-information data with ground truth.

Used by the scanner's tests and benchmark and by the platform's demo data. Every value
is invented; identifiers carry valid check digits so that validators are exercised.

    rng = random.Random(7)
    synth.person(rng).resident_id, synth.uscc(rng), synth.company_name(rng)
    synth.write(Path("demo.csv"), rows=1000, seed=7)   # + demo.truth.json
"""

import json
from datetime import date
from pathlib import Path

from chujing.synth.dataset import SPECS, SyntheticTable, Truth, nested_path
from chujing.synth.values import (
    Person,
    address,
    bank_card,
    birth_date,
    company_name,
    coordinate,
    diagnosis,
    email,
    ethnicity,
    hmt_permit,
    ip_address,
    landline,
    license_plate,
    mobile,
    name,
    passport,
    person,
    religion,
    resident_id,
    uscc,
    vin,
    wrong_check_resident_id,
)
from chujing.synth.writers import write_csv, write_json, write_parquet, write_xlsx

FORMATS = ("csv", "parquet", "xlsx", "jsonl", "json")


def truth_path(out: Path) -> Path:
    """Where the ground truth of ``out`` is written: ``data.csv`` → ``data.truth.json``."""
    return out.with_name(out.stem + ".truth.json")


def write(
    out: Path,
    *,
    rows: int,
    seed: int,
    fmt: str = "csv",
    encoding: str = "utf-8",
    as_of: date | None = None,
    plain_headers: bool = False,
    noise: float = 0.02,
    messy: bool = False,
    nested: bool = False,
) -> Truth:
    """Generate a table into ``out`` and its ground truth beside it; return the truth.

    ``messy``: identifiers spelled as real exports spell them (spaces, full width, +86,
    15-digit IDs, masks; remarks naming another person). ``nested`` (jsonl, json): records
    of nested objects and lists (``customer.id_number``, ``contacts[].mobile``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    table = SyntheticTable(
        rows, seed, as_of=as_of, plain_headers=plain_headers, noise=noise, messy=messy
    )
    it = table.rows()
    if nested:
        if fmt not in ("jsonl", "json"):
            raise ValueError("nested records need --format jsonl or json")
        for column, spec in zip(table.truth.columns, SPECS, strict=True):
            column["name"] = nested_path(spec)
    if fmt == "csv":
        write_csv(out, table.headers, it, encoding)
    elif fmt == "parquet":
        write_parquet(out, table.headers, it)
    elif fmt == "xlsx":
        write_xlsx(out, table.headers, it)
    else:
        headers = [nested_path(s) for s in SPECS] if nested else table.headers
        write_json(out, headers, it, lines=fmt == "jsonl")
    truth_path(out).write_text(
        json.dumps(table.truth.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return table.truth


__all__ = [
    "FORMATS",
    "SPECS",
    "Person",
    "SyntheticTable",
    "Truth",
    "address",
    "bank_card",
    "birth_date",
    "company_name",
    "coordinate",
    "diagnosis",
    "email",
    "ethnicity",
    "hmt_permit",
    "ip_address",
    "landline",
    "license_plate",
    "mobile",
    "name",
    "passport",
    "person",
    "religion",
    "resident_id",
    "truth_path",
    "uscc",
    "vin",
    "write",
    "wrong_check_resident_id",
]
