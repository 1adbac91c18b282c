"""Reading roster files (.xlsx, .csv) into rows, within bounds, refusing what is hostile.

Every bound comes from the settings (``ROSTER_IMPORT_MAX_*``, read from the environment):

- an .xlsx is checked as an archive first (:mod:`core.archive`: member count, declared
  sizes, compression ratio), then read with the inflated bytes counted, so that a file
  that lies about its sizes is stopped at the bound too;
- rows and columns are counted while reading and the file is refused past the bound;
- XML entities (XXE, "billion laughs") are refused by defusedxml, which openpyxl uses
  whenever it is installed;
- a cell holding a formula is refused, never read as its cached result.

Refusals raise :class:`RosterFileRefused`, whose text is shown to the user.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import tablib
from defusedxml import DefusedXmlException
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from core.archive import ArchiveLimits, ArchiveRefused, BoundedZipFile

from .columns import RosterImportError, is_blank

EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
#: formula cells reported before the list is cut short
MAX_REPORTED = 10


class RosterFileRefused(RosterImportError):
    """The file is refused before its rows are checked."""


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int
    max_columns: int
    archive: ArchiveLimits

    @classmethod
    def from_settings(cls) -> "ReadLimits":
        return cls(
            max_rows=settings.ROSTER_IMPORT_MAX_ROWS,
            max_columns=settings.ROSTER_IMPORT_MAX_COLUMNS,
            archive=ArchiveLimits(
                max_members=settings.ROSTER_IMPORT_MAX_MEMBERS,
                max_uncompressed_bytes=settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES,
                max_ratio=settings.ROSTER_IMPORT_MAX_RATIO,
            ),
        )


def too_many_rows(limits: ReadLimits) -> RosterFileRefused:
    return RosterFileRefused(
        gettext(
            "The file has more than %(limit)s data rows, the most one import takes. "
            "Split it into several files."
        )
        % {"limit": limits.max_rows}
    )


def too_many_columns(limits: ReadLimits) -> RosterFileRefused:
    return RosterFileRefused(
        gettext("The file has more than %(limit)s columns; a roster has far fewer.")
        % {"limit": limits.max_columns}
    )


def to_dataset(rows: list[list]) -> tablib.Dataset:
    """A dataset of ``rows`` (the first holds the headers), every row padded to one width.

    Spreadsheet programs leave blank rows without cells and rows longer or shorter than
    the header row; extra columns get an empty header, which
    :meth:`RosterResource.tidy_dataset` then drops or reports.
    """
    headers = rows.pop(0) if rows else []
    width = max([len(headers), *(len(row) for row in rows)])
    dataset = tablib.Dataset(headers=list(headers) + [None] * (width - len(headers)))
    for row in rows:
        dataset.append(list(row) + [None] * (width - len(row)))
    return dataset


# --- .xlsx -------------------------------------------------------------------------------------


class _Reader(ExcelReader):
    """openpyxl's reader (read-only, formulas kept as formulas) over an opened archive."""

    def __init__(self, archive: zipfile.ZipFile):
        super().__init__(io.BytesIO(EMPTY_ZIP), read_only=True, data_only=False, keep_links=False)
        self.archive.close()
        self.archive = archive
        self.valid_files = archive.namelist()

    def read_worksheets(self):
        # openpyxl's read-only sheets, less their size: when a sheet does not declare it,
        # openpyxl reads the whole sheet to find it, a second pass over a hostile file.
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


class _UnsizedSheet(ReadOnlyWorksheet):
    def _get_size(self):
        pass


def read_xlsx(data: bytes, limits: ReadLimits) -> list[list]:
    """The cell values of the first sheet, row by row from row 1, within ``limits``."""
    try:
        archive = BoundedZipFile(io.BytesIO(data), limits.archive)
    except ArchiveRefused as error:
        raise RosterFileRefused(str(error)) from None
    try:
        return _read_sheet(archive, limits)
    except ArchiveRefused as error:
        raise RosterFileRefused(str(error)) from None
    except ValueError as error:
        # openpyxl wraps what its XML parser raised in a ValueError of its own.
        if not _caused_by(error, DefusedXmlException):
            raise
        raise RosterFileRefused(
            gettext(
                "The file contains XML entity declarations, which no spreadsheet needs and "
                "which can be used to attack the server: it is refused."
            )
        ) from None
    finally:
        archive.close()


def _caused_by(error: BaseException | None, kind: type) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kind):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _read_sheet(archive: zipfile.ZipFile, limits: ReadLimits) -> list[list]:
    reader = _Reader(archive)
    reader.read()
    workbook = reader.wb
    sheet = workbook.active
    last_line = limits.max_rows + 1  # row 1 holds the headers
    rows: list[list] = []
    formulas: list[tuple[int, int, str]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for line, cells in parser.parse():
            cells = [cell for cell in cells if not is_blank(cell["value"])]
            if not cells:
                continue
            if line > last_line:
                raise too_many_rows(limits)
            values = []
            for cell in cells:
                column = cell["column"]
                if column > limits.max_columns:
                    raise too_many_columns(limits)
                if cell["data_type"] == "f":
                    formulas.append((line, column, str(cell["value"])))
                values.extend([None] * (column - len(values) - 1))
                values.append(cell["value"])
            rows.extend([] for _ in range(line - len(rows) - 1))  # rows without cells
            rows.append(values)
    if formulas:
        raise formula_error(formulas, rows[0] if rows else [])
    return rows


def formula_error(formulas, headers) -> RosterFileRefused:
    def column_name(column: int) -> str:
        header = headers[column - 1] if column <= len(headers) else None
        return str(header).strip() if not is_blank(header) else get_column_letter(column)

    lines = [
        gettext(
            "Row %(row)s, column “%(column)s”: the cell holds a formula (%(formula)s), not a value."
        )
        % {"row": line, "column": column_name(column), "formula": formula[:40]}
        for line, column, formula in formulas[:MAX_REPORTED]
    ]
    if len(formulas) > MAX_REPORTED:
        lines.append(
            gettext("… and %(count)s more formula cells.") % {"count": len(formulas) - MAX_REPORTED}
        )
    lines.append(
        gettext(
            "A formula is not imported as its last computed result: type the values, or "
            "copy the cells and paste them as values only."
        )
    )
    return RosterFileRefused(" ".join(lines))


class RosterXLSX(XLSX):
    """The .xlsx reader: bounded (:func:`read_xlsx`) and tolerant of ragged rows."""

    def create_dataset(self, in_stream):
        return to_dataset(read_xlsx(in_stream, ReadLimits.from_settings()))


# --- .csv --------------------------------------------------------------------------------------


def read_csv(text: str, limits: ReadLimits) -> list[list]:
    """The rows of a CSV text (comma separated), within ``limits``."""
    if len(text) > limits.archive.max_uncompressed_bytes:
        raise RosterFileRefused(
            gettext("The file is larger than %(limit)s. Split it into several files.")
            % {"limit": filesizeformat(limits.archive.max_uncompressed_bytes)}
        )
    rows = []
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if line > limits.max_rows + 1 and any(not is_blank(value) for value in row):
            raise too_many_rows(limits)
        if len(row) > limits.max_columns and any(
            not is_blank(value) for value in row[limits.max_columns :]
        ):
            raise too_many_columns(limits)
        rows.append(row[: limits.max_columns])
    return rows


class RosterCSV(CSV):
    """The .csv reader: UTF-8 (with or without BOM), bounded in bytes, rows and columns."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode("utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        try:
            rows = read_csv(in_stream, ReadLimits.from_settings())
        except csv.Error as error:
            raise RosterFileRefused(
                gettext("The CSV file could not be read: %(error)s") % {"error": error}
            ) from None
        return to_dataset(rows)


# --- the checked rows, kept between the preview and the confirmation ------------------------


def _encode(value):
    if value is None or isinstance(value, str | bool | int | float):
        return value
    for kind in (datetime, date, time):  # datetime first: a datetime is also a date
        if isinstance(value, kind):
            return {kind.__name__: value.isoformat()}
    if isinstance(value, timedelta):
        return {"timedelta": value.total_seconds()}
    return str(value)


def _decode(value):
    if not isinstance(value, dict):
        return value
    ((kind, text),) = value.items()
    if kind == "timedelta":
        return timedelta(seconds=text)
    return {"datetime": datetime, "date": date, "time": time}[kind].fromisoformat(text)


def rows_to_json(dataset: tablib.Dataset) -> bytes:
    """The headers and rows of ``dataset``, every cell value kept with its type."""
    return json.dumps(
        {"headers": list(dataset.headers or []), "rows": [list(map(_encode, r)) for r in dataset]},
        ensure_ascii=False,
    ).encode()


def rows_from_json(data: bytes) -> tablib.Dataset:
    """The dataset :func:`rows_to_json` wrote."""
    content = json.loads(data)
    dataset = tablib.Dataset(headers=content["headers"])
    for row in content["rows"]:
        dataset.append([_decode(value) for value in row])
    return dataset
