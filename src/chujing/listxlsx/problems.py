"""Import problems, each located by sheet, row and column as Excel shows them."""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from chujing.listxlsx import layout


@dataclass(frozen=True)
class XlsxProblem:
    """One problem, located by sheet, row (1-based, as Excel shows it) and column header."""

    sheet: str
    row: int | None
    column: str | None
    letter: str | None
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”"
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.column is not None:
            where += f" {self.letter or ''} 列（{self.column}）"
        return f"{where}：{self.message}"


class XlsxProblems(Exception):
    """Every problem found in a workbook; nothing is imported when there is any."""

    def __init__(self, problems: list[XlsxProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Reader:
    """Collects problems; `columns` maps the list sheet's headers to column indexes."""

    def __init__(self) -> None:
        self.problems: list[XlsxProblem] = []
        self.columns: dict[str, int] = {}

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        """Record a problem; the column letter comes from the header (B on the metadata sheet)."""
        letter = get_column_letter(self.columns[column] + 1) if column in self.columns else None
        if sheet == layout.META_SHEET and column is not None:
            letter = "B"
        self.problems.append(XlsxProblem(sheet, row, column, letter, message))
