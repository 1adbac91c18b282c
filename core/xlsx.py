"""Spreadsheet exports: cells that cannot run as formulas, and workbooks streamed to the user.

openpyxl's write-only mode keeps one row in memory at a time; the workbook is written to a
temporary file and sent in chunks, so a city's 200,000 people never sit in memory.
"""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import FileResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value) -> str:
    """The text of ``value``, prefixed with an apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`, so that an exported file imports unchanged."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def safe_cell(value):
    """``value`` as a cell a spreadsheet shows as written, never as a formula.

    Numbers stay numbers (a Decimal becomes a float), a boolean reads "Yes"/"No", ``None``
    is an empty cell, anything else is text escaped by :func:`escape_formula`.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float):
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return escape_formula(value)


@dataclass
class Sheet:
    """One sheet: its title (cut to Excel's 31 characters), a bold header row, the rows."""

    title: str
    header: list
    rows: Iterable


def write_workbook(sheets: Iterable[Sheet], handle) -> None:
    """Write ``sheets`` as an .xlsx to the binary file ``handle``, one row at a time."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        target = book.create_sheet(str(sheet.title)[:31])
        bold = []
        for title in sheet.header:
            cell = WriteOnlyCell(target, value=escape_formula(title))
            cell.font = Font(bold=True)
            bold.append(cell)
        target.append(bold)
        for row in sheet.rows:
            target.append([safe_cell(value) for value in row])
    book.save(handle)


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """A download of ``sheets`` named ``filename``, streamed in chunks from a temporary file."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_workbook(sheets, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
