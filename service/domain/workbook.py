"""Sortable spreadsheets as XLSX bytes (openpyxl): one tab per table, a bold frozen header row
with filters, dates as dates and quantities as numbers, so a reader can sort and filter. Text is
always a string cell (`=HYPERLINK(...)` in a lot number stays text, never a formula), with what
XLSX cannot hold escaped (`service.domain.cells`)."""

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from service.domain.cells import escaped

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | float | dt.date
Tab = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]


def xlsx(tabs: Sequence[Tab]) -> bytes:
    """A workbook with a sheet per (name, header, rows); a tab with no rows keeps its header."""
    book = Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    for name, header, rows in tabs:
        sheet = book.create_sheet(title=name)
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([escaped(v) if isinstance(v, str) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it begins with '=
        for column, caption in enumerate(header, start=1):
            width = max([len(caption), *(len(str(r[column - 1])) for r in rows)]) + 2
            sheet.column_dimensions[get_column_letter(column)].width = min(width, 60)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
