"""Excel registers (台账) of reports, with formula injection neutralised in every cell."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from chujing.listxlsx.layout import neutralise


def register_xlsx(title: str, header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    """One sheet: a header row and data rows; text that a spreadsheet would run is defused."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, 4 + 2 * width)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
