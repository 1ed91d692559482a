"""Lists as files: a small typed table, written as CSV for French Excel or as XLSX.

A ``Table`` holds French column headers and rows of typed values: ``str``, ``int``, ``Decimal``,
``date``, ``bool`` or ``None``. Anything else (a float, a datetime, a model) is refused when the
table is built, so that a file never shows a value its writer did not decide how to format:
money and hours are Decimal (never float), moments are turned into dates or months by the caller.

Both writers neutralise formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a leading single quote, so that a spreadsheet shows it as text and
never runs it (a volunteer's name typed as ``=cmd|' /C calc'!A0`` stays a name). Numbers are not
text: -3 stays the number -3.

Lists are at most a few thousand rows: the file is built in memory, once, without copies of the
rows (the XLSX writer is openpyxl's write-only mode, which streams rows to its zip file).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The characters a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
YES, NO = "oui", "non"
# Excel's limits: 31 characters in a sheet's name, none of []:*?/\ ; 32,767 in a cell.
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
CELL_TEXT_MAX = 32_767
MIN_WIDTH, MAX_WIDTH = 8, 60
# A filename is built by the code from fixed words, ids and dates: never from what a user typed,
# so never a person's name. Anything else is a programming error.
SAFE_STEM = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_value(value) -> None:
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return
    if isinstance(value, date) and not isinstance(value, datetime):
        return
    raise TypeError(f"a table cell is str, int, Decimal, date, bool or None, not {type(value).__name__}")


@dataclass
class Table:
    """A list to export: a sheet title and column headers in French, then the rows."""

    title: str
    headers: Sequence[str]
    rows: list[tuple] = field(default_factory=list)

    def __post_init__(self):
        self.title = str(self.title)
        self.headers = [str(h) for h in self.headers]
        rows, self.rows = self.rows, []
        for row in rows:
            self.append(row)

    def append(self, row: Iterable) -> None:
        row = tuple(row)
        if len(row) != len(self.headers):
            raise ValueError(f"a row has {len(row)} values for {len(self.headers)} columns")
        for value in row:
            _check_value(value)
        self.rows.append(row)


def neutralise(text: str) -> str:
    """Text a spreadsheet would take for a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _decimal_text(value: Decimal) -> str:
    # Fixed-point (never 1E+2), with the French decimal comma.
    return format(value, "f").replace(".", ",")


def csv_text(value) -> str:
    """A value as French Excel reads it in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return neutralise(value)


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark (Excel then reads UTF-8, not cp1252), ``;`` between cells (the
    separator of the French list setting), CRLF line ends, quotes where a cell needs them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in table.headers])
    writer.writerows([csv_text(v) for v in row] for row in table.rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def sheet_title(title: str) -> str:
    cleaned = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip(" '")
    return (cleaned[:SHEET_TITLE_MAX].rstrip() or "Export")


def _xlsx_text(text: str) -> str:
    # Control characters are not allowed in the file format: openpyxl would refuse them.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))[:CELL_TEXT_MAX]


def _decimal_format(value: Decimal) -> str:
    places = max(0, -value.as_tuple().exponent)
    return "0." + "0" * places if places else "0"


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max((len(part) for part in csv_text(value).splitlines()), default=0)


def column_widths(table: Table) -> list[float]:
    """Wide enough for the header and the longest value, within reason."""
    widths = [len(h) for h in table.headers]
    for row in table.rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, bool):
        # The same words as the CSV: « oui » / « non » read better than VRAI / FAUX.
        return YES if value else NO
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _decimal_format(value)
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return _xlsx_text(value)


def to_xlsx(table: Table) -> bytes:
    """One sheet, titled in French: a bold, frozen header row, typed cells (numbers as numbers,
    dates as dates shown dd/mm/yyyy), columns sized to their content."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(table.title))
    for index, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header = []
    for text in table.headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(text))
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(stem: str, fmt: str, on: date | None = None) -> str:
    """``stem-YYYY-MM-DD.fmt``, ASCII only, from code-chosen words: e.g.
    ``volontaires-territoire-12-2026-11-21.csv``."""
    if not SAFE_STEM.fullmatch(stem):
        raise ValueError(f"unsafe file name: {stem!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt!r}")
    return f"{stem}-{(on or timezone.localdate()).isoformat()}.{fmt}"


def render(table: Table, fmt: str) -> bytes:
    if fmt == CSV:
        return to_csv(table)
    if fmt == XLSX:
        return to_xlsx(table)
    raise ValueError(f"unknown format: {fmt!r}")


def table_response(table: Table, fmt: str, stem: str) -> HttpResponse:
    """The file as a download. Never cached: a list may hold personal data."""
    name = filename(stem, fmt)
    response = HttpResponse(render(table, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    return response
