"""Render a `Document` to PDF with fpdf2 (pure Python: no Cairo/Pango, no font to install).

Look: sober, administration-like. A4 portrait, Helvetica, headings in the French State blue
(#000091), grey table header rows, thin grey borders, the document title repeated small from page 2
and "Page N / M" at the bottom of every page.

Every string goes through `printable()` (see `text.py`) because the core fonts only cover
windows-1252: French renders as typed, anything else is replaced by a close equivalent or "?".
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from io import BytesIO

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, TableCellFillMode, VAlign, XPos, YPos

from jobfactory.documents.model import (
    BulletList,
    Document,
    Heading,
    Image,
    KeyValues,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from jobfactory.documents.text import ENCODING, printable

FONT = "Helvetica"
MARGIN_X = 18.0
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 20.0

BLUE = (0, 0, 145)  # #000091
TEXT = (30, 30, 30)
MUTED = (102, 102, 102)
RULE = (170, 170, 170)
BORDER = (150, 150, 150)
HEADER_FILL = (229, 229, 229)
ZEBRA_FILL = (246, 246, 246)
WARNING_TEXT = (120, 40, 0)
WARNING_BAR = (179, 64, 0)  # #b34000
WARNING_FILL = (255, 240, 230)

BODY_SIZE = 10.0
BODY_LINE = 5.0
TABLE_SIZE = 9.0
# (font size, line height, space before) per heading level.
HEADING_STYLES = {1: (14.0, 7.0, 7.0), 2: (12.0, 6.0, 5.0), 3: (10.5, 5.5, 3.5)}
# A heading moves to the next page unless this much room is left under it for what it introduces.
KEEP_WITH_NEXT = 22.0
BLOCK_GAP = 2.5
CELL_PADDING = (1.2, 1.6)  # vertical, horizontal (mm)
# fpdf2 refuses a table row taller than a page: longer cells continue on extra rows. Kept short
# because a row that does not fit moves whole to the next page, leaving that much blank behind.
MAX_LINES_PER_ROW = 15
PAGE_ALIAS = "{nb}"


def render_pdf(document: Document, created_at: datetime | None = None) -> bytes:
    """The PDF bytes of `document`; pass `created_at` for byte-identical output across runs."""
    pdf = _DocumentPdf(document)
    pdf.set_creation_date(created_at or datetime.now(UTC))
    pdf.add_page()
    _render_title(pdf, document)
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            _render_heading(pdf, block, _keep_height(pdf, following))
        else:
            _RENDERERS[type(block)](pdf, block)
    return bytes(pdf.output())


class _DocumentPdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        # Must precede any text: fpdf2 encodes core-font strings with it (Latin-1 lacks œ € ’ …).
        self.core_fonts_encoding = ENCODING
        self.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        self.alias_nb_pages(PAGE_ALIAS)
        self.set_title(document.title)
        if document.author:
            self.set_author(document.author)
        if document.subtitle:
            self.set_subject(document.subtitle)
        self.set_creator("jobfactory")
        self.set_lang("fr")
        self._running_title = printable(document.title).replace("\n", " ")
        self._footer_text = printable(document.footer).replace("\n", " ")

    @property
    def content_width(self) -> float:
        # Not `epw`: tables and lists move the left margin while they render, headers must not follow.
        return self.w - 2 * MARGIN_X

    def at_page_top(self) -> bool:
        return self.y <= self.t_margin + 0.01

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN_X, 9)
        self.cell(self.content_width, 4, _fit(self, self._running_title, self.content_width))
        self._rule(14)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        top = self.h - 13
        self._rule(top - 1.5)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        page = f"Page {self.page_no()} / {PAGE_ALIAS}"
        room = self.content_width - self.get_string_width(page) - 6
        if self._footer_text:
            self.set_xy(MARGIN_X, top)
            self.cell(room, 4, _fit(self, self._footer_text, room))
        self.set_xy(MARGIN_X, top)
        self.cell(self.content_width, 4, page, align="R")

    def _rule(self, y: float) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN_X, y, self.w - MARGIN_X, y)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut with an ellipsis so that it holds on one line of `width`."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _body_font(pdf: FPDF, style: str = "", size: float = BODY_SIZE, color=TEXT) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)


def _render_title(pdf: _DocumentPdf, document: Document) -> None:
    _body_font(pdf, "B", 18, BLUE)
    pdf.multi_cell(0, 8, printable(document.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.subtitle:
        pdf.ln(1)
        _body_font(pdf, "", 12, TEXT)
        pdf.multi_cell(0, 6, printable(document.subtitle), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.author:
        pdf.ln(1)
        _body_font(pdf, "", 9, MUTED)
        pdf.multi_cell(0, 4.5, printable(document.author), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN_X, pdf.y, MARGIN_X + pdf.content_width, pdf.y)
    pdf.ln(4)


def _keep_height(pdf: _DocumentPdf, block: object) -> float:
    """How much of `block` must fit under a heading for the heading to stay on the current page."""
    if isinstance(block, Heading):
        size, line_height, space_before = HEADING_STYLES[block.level]
        return space_before + line_height + 4 + KEEP_WITH_NEXT
    if isinstance(block, KeyValues):
        # A short identity card reads badly cut in two: keep it whole with its heading.
        return max(KEEP_WITH_NEXT, _key_values_height(pdf, block))
    if isinstance(block, Image):
        # A chart goes whole to the next page: its heading must go along.
        return _image_layout(pdf, block)[2]
    return KEEP_WITH_NEXT if block is not None else 0.0


def _render_heading(pdf: _DocumentPdf, block: Heading, keep_height: float = KEEP_WITH_NEXT) -> None:
    size, line_height, space_before = HEADING_STYLES[block.level]
    text = printable(block.text)
    _body_font(pdf, "B", size, BLUE if block.level < 3 else TEXT)
    height = pdf.multi_cell(0, line_height, text, align="L", dry_run=True, output="HEIGHT")
    if not pdf.at_page_top():
        if pdf.will_page_break(space_before + height + 4 + keep_height):
            pdf.add_page()
        else:
            pdf.ln(space_before)
    pdf.multi_cell(0, line_height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if block.level == 1:
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN_X, pdf.y + 0.5, MARGIN_X + pdf.content_width, pdf.y + 0.5)
        pdf.ln(2.5)
    else:
        pdf.ln(1.5)


def _render_paragraph(pdf: _DocumentPdf, block: Paragraph) -> None:
    text = printable(block.text)
    if block.style == "warning":
        _body_font(pdf, "", BODY_SIZE, WARNING_TEXT)
        pdf.set_fill_color(*WARNING_FILL)
        pdf.set_draw_color(*WARNING_BAR)
        pdf.set_line_width(1.2)
        # The bar is drawn on the left border, centred on it: shift right so it stays in the margin box.
        pdf.set_x(MARGIN_X + 0.6)
        pdf.multi_cell(
            pdf.content_width - 0.6,
            BODY_LINE,
            text,
            border="L",
            fill=True,
            align="L",
            padding=(2, 3, 2, 4),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        _reset_fill(pdf)
    elif block.style == "muted":
        _body_font(pdf, "", 9, MUTED)
        pdf.multi_cell(0, 4.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        _body_font(pdf)
        pdf.multi_cell(0, BODY_LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(BLOCK_GAP)


def _render_bullets(pdf: _DocumentPdf, block: BulletList) -> None:
    indent = 5.5
    _body_font(pdf)
    for item in block.items:
        if pdf.will_page_break(BODY_LINE):
            pdf.add_page()
        pdf.set_x(MARGIN_X + 1.5)
        pdf.cell(indent - 1.5, BODY_LINE, "•")
        pdf.set_left_margin(MARGIN_X + indent)
        try:
            pdf.multi_cell(0, BODY_LINE, printable(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        finally:
            pdf.set_left_margin(MARGIN_X)
        pdf.ln(0.8)
    pdf.set_x(MARGIN_X)
    pdf.ln(BLOCK_GAP - 0.8)


KEY_VALUES_WIDTHS = (1.0, 2.6)
KEY_VALUES_SIZE = TABLE_SIZE + 0.5
# Grids up to this height are kept on one page; taller ones may split between rows.
KEEP_WHOLE_MAX = 90.0


def _key_values_height(pdf: _DocumentPdf, block: KeyValues) -> float:
    """Estimated height of the grid if it is short enough to keep whole, else 0."""
    if not block.pairs or len(block.pairs) > 20:
        return 0.0
    _body_font(pdf, "B", KEY_VALUES_SIZE)
    line_height = pdf.font_size * 1.3
    text_widths = _text_widths(pdf, KEY_VALUES_WIDTHS)
    height = 0.0
    for label, value in block.pairs:
        lines = max(
            _estimated_lines(pdf, printable(label), text_widths[0]),
            _estimated_lines(pdf, printable(value), text_widths[1]),
        )
        height += lines * line_height + 2 * CELL_PADDING[0]
        if height > KEEP_WHOLE_MAX:
            return 0.0
    return height


def _estimated_lines(pdf: FPDF, text: str, width: float) -> int:
    # Word wrapping leaves the end of most lines empty: count a little more than the raw width.
    return sum(max(1, math.ceil(pdf.get_string_width(line) * 1.1 / width)) for line in text.split("\n"))


def _render_key_values(pdf: _DocumentPdf, block: KeyValues) -> None:
    if not block.pairs:
        return
    height = _key_values_height(pdf, block)
    if height and not pdf.at_page_top() and pdf.will_page_break(height):
        pdf.add_page()
    _body_font(pdf, "", KEY_VALUES_SIZE)
    widths = KEY_VALUES_WIDTHS
    label_style = FontFace(emphasis="BOLD", color=MUTED)
    rows = _split_tall_rows(pdf, [(printable(k), printable(v)) for k, v in block.pairs], widths)
    _set_table_lines(pdf)
    with pdf.table(
        col_widths=widths,
        first_row_as_headings=False,
        text_align="LEFT",
        v_align=VAlign.T,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=pdf.font_size * 1.3,
        padding=CELL_PADDING,
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=label_style)
            row.cell(value)
    pdf.ln(BLOCK_GAP + 1)


def _render_table(pdf: _DocumentPdf, block: Table) -> None:
    columns = block.column_count
    widths = block.widths or (1.0,) * columns
    caption_height = 0.0
    if block.caption:
        _body_font(pdf, "B", TABLE_SIZE + 0.5)
        caption_height = pdf.multi_cell(0, 5, printable(block.caption), dry_run=True, output="HEIGHT") + 1
    # fpdf2 keeps the heading row with the first data row; the caption must come along too.
    if not pdf.at_page_top() and pdf.will_page_break(caption_height + 16):
        pdf.add_page()
    if block.caption:
        pdf.multi_cell(0, 5, printable(block.caption), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    _body_font(pdf, "", TABLE_SIZE)
    rows = [tuple(map(printable, row)) for row in block.rows]
    rows = _split_tall_rows(pdf, rows, widths)
    aligns = tuple({"L": "LEFT", "R": "RIGHT", "C": "CENTER"}[a] for a in (block.align or ("L",) * columns))
    _set_table_lines(pdf)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        v_align=VAlign.T,
        first_row_as_headings=bool(block.headers),
        headings_style=FontFace(emphasis="BOLD", color=TEXT, fill_color=HEADER_FILL),
        cell_fill_mode=TableCellFillMode.EVEN_ROWS if block.headers else TableCellFillMode.ROWS,
        cell_fill_color=ZEBRA_FILL,
        line_height=pdf.font_size * 1.3,
        padding=CELL_PADDING,
    ) as table:
        if block.headers:
            table.row(tuple(map(printable, block.headers)))
        for cells in rows:
            table.row(cells)
        if not rows and block.empty_text:
            table.row().cell(
                printable(block.empty_text),
                colspan=columns,
                align="CENTER",
                style=FontFace(emphasis="ITALICS", color=MUTED, fill_color=(255, 255, 255)),
            )
    pdf.ln(BLOCK_GAP + 1.5)


def _set_table_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(*BORDER)
    pdf.set_line_width(0.2)
    _reset_fill(pdf)


def _reset_fill(pdf: FPDF) -> None:
    # fpdf2 tables take the current fill colour as every cell's background unless it is the default.
    pdf.set_fill_color(0)


def _split_tall_rows(
    pdf: _DocumentPdf, rows: Sequence[tuple[str, ...]], widths: Sequence[float]
) -> list[tuple[str, ...]]:
    """Rows whose tallest cell would exceed MAX_LINES_PER_ROW, cut into continuation rows.

    fpdf2 raises on a row that cannot fit on one page (a long piece of evidence in a cell would make
    the whole pack fail), so such a cell continues on the next row(s), other cells left blank.
    The line count is estimated from the average character width: cheap, and the limit keeps a
    wide safety margin under the real page capacity.
    """
    text_widths = _text_widths(pdf, widths)
    result: list[tuple[str, ...]] = []
    for row in rows:
        if all(len(cell) < 500 and cell.count("\n") < MAX_LINES_PER_ROW // 2 for cell in row):
            result.append(row)
            continue
        pieces = [_split_tall_text(pdf, cell, width) for cell, width in zip(row, text_widths, strict=True)]
        for index in range(max(map(len, pieces))):
            result.append(tuple(p[index] if index < len(p) else "" for p in pieces))
    return result


def _text_widths(pdf: _DocumentPdf, widths: Sequence[float]) -> list[float]:
    """Room for text in each column (mm), from relative widths, once cell padding is taken off."""
    total = sum(widths)
    return [pdf.content_width * w / total - 2 * CELL_PADDING[1] - 2 * pdf.c_margin for w in widths]


def _split_tall_text(pdf: FPDF, text: str, width: float) -> list[str]:
    sample = text.replace("\n", " ")[:2000] or " "
    chars_per_line = max(1, int(width / (pdf.get_string_width(sample) / len(sample))))
    pieces: list[str] = []
    current: list[str] = []
    lines = 0
    for line in text.split("\n"):
        for part in _cut(line, chars_per_line * MAX_LINES_PER_ROW):
            needed = max(1, -(-len(part) // chars_per_line))
            if current and lines + needed > MAX_LINES_PER_ROW:
                pieces.append("\n".join(current))
                current, lines = [], 0
            current.append(part)
            lines += needed
    pieces.append("\n".join(current))
    return pieces


def _cut(line: str, size: int) -> Iterator[str]:
    while len(line) > size:
        cut = line.rfind(" ", 0, size)
        if cut <= 0:
            cut = size
        yield line[:cut]
        line = line[cut:].lstrip()
    yield line


IMAGE_CAPTION_SIZE = TABLE_SIZE
IMAGE_CAPTION_LINE = 4.5
IMAGE_CAPTION_GAP = 1.5


def _image_caption_height(pdf: _DocumentPdf, block: Image) -> float:
    if not block.caption:
        return 0.0
    _body_font(pdf, "I", IMAGE_CAPTION_SIZE, MUTED)
    text = printable(block.caption)
    return IMAGE_CAPTION_GAP + pdf.multi_cell(0, IMAGE_CAPTION_LINE, text, dry_run=True, output="HEIGHT")


def _image_layout(pdf: _DocumentPdf, block: Image) -> tuple[float, float, float]:
    """(width, height) of the picture in mm and the height of picture plus caption.

    Narrowed, keeping its proportions, when picture and caption would not fit on an empty page."""
    caption_height = _image_caption_height(pdf, block)
    width = min(block.width_mm or pdf.content_width, pdf.content_width)
    room = pdf.h - pdf.t_margin - pdf.b_margin - caption_height - 1
    height = width * block.aspect_ratio
    if height > room:
        width, height = room / block.aspect_ratio, room
    return width, height, height + caption_height


def _render_image(pdf: _DocumentPdf, block: Image) -> None:
    width, height, total = _image_layout(pdf, block)
    if not pdf.at_page_top() and pdf.will_page_break(total):
        pdf.add_page()
    x = MARGIN_X + (pdf.content_width - width) / 2
    top = pdf.y
    pdf.image(BytesIO(block.png), x=x, y=top, w=width, h=height,
              alt_text=printable(block.alt_text or block.caption) or None)
    pdf.set_xy(MARGIN_X, top + height)
    if block.caption:
        pdf.ln(IMAGE_CAPTION_GAP)
        _body_font(pdf, "I", IMAGE_CAPTION_SIZE, MUTED)
        pdf.multi_cell(0, IMAGE_CAPTION_LINE, printable(block.caption), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(BLOCK_GAP + 1.5)


def _render_page_break(pdf: _DocumentPdf, block: PageBreak) -> None:
    if not pdf.at_page_top():
        pdf.add_page()


def _render_spacer(pdf: _DocumentPdf, block: Spacer) -> None:
    if not pdf.at_page_top():
        pdf.ln(block.height_mm)


_RENDERERS = {
    Heading: _render_heading,
    Paragraph: _render_paragraph,
    KeyValues: _render_key_values,
    Table: _render_table,
    BulletList: _render_bullets,
    PageBreak: _render_page_break,
    Spacer: _render_spacer,
    Image: _render_image,
}
