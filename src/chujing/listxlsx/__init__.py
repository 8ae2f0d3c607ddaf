"""Negative lists in the Excel table layout published lists use: export and checked import."""

from chujing.listxlsx.export import build_workbook, export_xlsx
from chujing.listxlsx.importer import import_xlsx
from chujing.listxlsx.problems import XlsxProblem, XlsxProblems
from chujing.listxlsx.yamlout import to_yaml

__all__ = ["XlsxProblem", "XlsxProblems", "build_workbook", "export_xlsx", "import_xlsx", "to_yaml"]
