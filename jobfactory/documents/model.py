"""A small, renderer-independent document model.

Callers (commands, views, benchmarks) describe *what* a document says as a tuple of blocks; a
renderer (see `pdf.py`) decides how it looks. Everything is frozen so a document can be built once,
cached, compared in tests and rendered several times.

Sequences are normalised to tuples on construction: callers may pass lists, and the objects stay
hashable and immutable either way. Inconsistent shapes (a row with the wrong number of cells, an
unknown style) are rejected here, where the caller's mistake is easiest to trace, rather than deep
inside the renderer.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

HeadingLevel = Literal[1, 2, 3]
ParagraphStyle = Literal["normal", "muted", "warning"]
ColumnAlign = Literal["L", "R", "C"]

HEADING_LEVELS = (1, 2, 3)
PARAGRAPH_STYLES = ("normal", "muted", "warning")
COLUMN_ALIGNS = ("L", "R", "C")


def _freeze(obj: object, name: str, value: Iterable) -> None:
    # Frozen dataclasses forbid plain assignment, even in __post_init__.
    object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Heading:
    text: str
    level: HeadingLevel = 1

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"Heading level must be one of {HEADING_LEVELS}, not {self.level!r}")


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = "normal"

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"Paragraph style must be one of {PARAGRAPH_STYLES}, not {self.style!r}")


@dataclass(frozen=True)
class KeyValues:
    """A two-column label / value grid (an identity card of a person, an activity...)."""

    pairs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        pairs = tuple(tuple(pair) for pair in self.pairs)
        for pair in pairs:
            if len(pair) != 2:
                raise ValueError(f"KeyValues pairs must have exactly 2 items, got {pair!r}")
        _freeze(self, "pairs", pairs)


@dataclass(frozen=True)
class Table:
    """A data table; `widths` are relative (1, 1, 2 = a quarter, a quarter, a half)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] | None = None
    align: tuple[ColumnAlign, ...] | None = None
    caption: str = ""
    empty_text: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "headers", self.headers)
        _freeze(self, "rows", (tuple(row) for row in self.rows))
        if self.widths is not None:
            _freeze(self, "widths", self.widths)
        if self.align is not None:
            _freeze(self, "align", self.align)

        columns = self.column_count
        if columns == 0:
            raise ValueError("A Table needs headers or at least one row to know its columns")
        for index, row in enumerate(self.rows):
            if len(row) != columns:
                raise ValueError(f"Table row {index} has {len(row)} cells, expected {columns}")
        if self.widths is not None:
            if len(self.widths) != columns:
                raise ValueError(f"Table widths has {len(self.widths)} values, expected {columns}")
            if any(width <= 0 for width in self.widths):
                raise ValueError("Table widths must all be positive")
        if self.align is not None:
            if len(self.align) != columns:
                raise ValueError(f"Table align has {len(self.align)} values, expected {columns}")
            if any(value not in COLUMN_ALIGNS for value in self.align):
                raise ValueError(f"Table align values must be among {COLUMN_ALIGNS}")

    @property
    def column_count(self) -> int:
        if self.headers:
            return len(self.headers)
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self, "items", self.items)


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (ignored when the current page is still empty, to avoid blank pages)."""


@dataclass(frozen=True)
class Spacer:
    height_mm: float = 5.0

    def __post_init__(self) -> None:
        if self.height_mm < 0:
            raise ValueError("Spacer height must not be negative")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Image:
    """A PNG picture (a chart...) with its caption underneath, kept together on one page.

    `width_mm` is the printed width (None: the full text width); the height follows the picture's
    proportions, reduced along with the width if the whole would not fit on a page. The caption is
    also the picture's alternative text unless `alt_text` says otherwise.
    """

    png: bytes = field(repr=False)
    caption: str = ""
    width_mm: float | None = None
    alt_text: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.png, bytes | bytearray | memoryview):
            raise TypeError(f"Image data must be PNG bytes, not {type(self.png).__name__}")
        object.__setattr__(self, "png", bytes(self.png))
        if len(self.png) < 24 or not self.png.startswith(PNG_SIGNATURE) or self.png[12:16] != b"IHDR":
            raise ValueError("Image data is not a PNG file")
        if self.width_mm is not None and self.width_mm <= 0:
            raise ValueError("Image width must be positive")
        if self.pixel_size[0] == 0 or self.pixel_size[1] == 0:
            raise ValueError("Image has no pixels")

    @property
    def pixel_size(self) -> tuple[int, int]:
        """(width, height) in pixels, read from the PNG header."""
        width, height = struct.unpack(">II", self.png[16:24])
        return width, height

    @property
    def aspect_ratio(self) -> float:
        """Height over width."""
        width, height = self.pixel_size
        return height / width


Block = Heading | Paragraph | KeyValues | Table | BulletList | PageBreak | Spacer | Image
BLOCK_TYPES = (Heading, Paragraph, KeyValues, Table, BulletList, PageBreak, Spacer, Image)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    author: str = ""
    blocks: tuple[Block, ...] = ()
    # Printed on every page, next to "Page N / M".
    footer: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "blocks", self.blocks)
        for block in self.blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(f"Unsupported document block: {block!r}")
