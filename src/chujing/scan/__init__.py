"""Data discovery: which columns hold personal information, how sensitive, and how many
distinct persons it concerns — with the legal signals and an export-plan skeleton.

    from chujing.scan import Options, scan
    report = scan(["customers.csv"], Options(sample=10_000))   # ScanReport (contract §2)
    report.persons.distinct, report.plan

Heavy libraries (pyarrow, duckdb, openpyxl, sqlalchemy, pyspark) load on first use.
"""

from chujing.scan.core import Options, Warnings, scan
from chujing.scan.errors import ScanError
from chujing.scan.result import Column, Persons, ScanReport

__all__ = ["Column", "Options", "Persons", "ScanError", "ScanReport", "Warnings", "scan"]
