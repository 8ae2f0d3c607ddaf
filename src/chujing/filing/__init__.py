"""Filing documents (contract v2 §5): from a plan's outcome to the drafts the authorities
require, materials.json and the 材料清单, verifiable by their hashes."""

from chujing.filing.bundle import (
    Bundle,
    Finding,
    build_bundle,
    verify_bundle,
    write_bundle,
    zip_bundle,
)
from chujing.filing.facts import FilingInputError, Route

__all__ = [
    "Bundle",
    "FilingInputError",
    "Finding",
    "Route",
    "build_bundle",
    "verify_bundle",
    "write_bundle",
    "zip_bundle",
]
