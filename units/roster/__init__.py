"""Roster import and export (people and units) through django-import-export.

The column headers are a file format, not interface text: they stay Vietnamese whatever the
interface language, so that a file exported in one language imports in the other and a
ward clerk recognises them. Values are read leniently (codes or labels of a choice, in
either language, "Có"/"x"/"1" for yes) and written back in the form the import reads.

An import checks the whole file before writing anything: the headers first, then every
row, with errors keyed by column header and reported by spreadsheet row (the header is
row 1). The admin runs it once as a dry run inside a rolled-back transaction (the
preview) and again for real only when the preview found no error; any error then rolls
the whole file back.

Modules:

- :mod:`.columns`: the column headers (imported from there, where they are defined), the
  cell helpers and :class:`RosterImportError` (formula escaping is :mod:`core.xlsx`'s,
  shared with every export);
- :mod:`.files`: the bounded .xlsx and .csv readers (:class:`RosterXLSX`,
  :class:`RosterCSV`), refusing hostile files before their rows are read;
- :mod:`.widgets`: how cells are read and written;
- :mod:`.base`: :class:`RosterResource`, the shared import machinery;
- :mod:`.people`: :class:`PersonResource`;
- :mod:`.organisation`: :class:`UnitResource`.
"""

from core.xlsx import FORMULA_PREFIXES, escape_formula, unescape_formula

from .base import RosterResource, TableInstanceLoader
from .columns import RosterImportError, is_blank, normalise
from .files import RosterCSV, RosterFileRefused, RosterXLSX
from .organisation import UnitResource
from .people import PersonResource
from .widgets import (
    ChoiceWidget,
    DateWidget,
    OrderWidget,
    TextWidget,
    UnitCodeWidget,
    YesNoWidget,
)

__all__ = [
    "FORMULA_PREFIXES",
    "ChoiceWidget",
    "DateWidget",
    "OrderWidget",
    "PersonResource",
    "RosterCSV",
    "RosterFileRefused",
    "RosterImportError",
    "RosterResource",
    "RosterXLSX",
    "TableInstanceLoader",
    "TextWidget",
    "UnitCodeWidget",
    "UnitResource",
    "YesNoWidget",
    "escape_formula",
    "is_blank",
    "normalise",
    "unescape_formula",
]
