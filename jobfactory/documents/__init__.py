"""Generic documents (committee packs, report exports) and their PDF rendering.

Plain Python, no Django: usable from management commands, views and benchmarks alike.
"""

from jobfactory.documents.model import (
    Block,
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
from jobfactory.documents.pdf import render_pdf
from jobfactory.documents.text import printable

__all__ = [
    "Block",
    "BulletList",
    "Document",
    "Heading",
    "Image",
    "KeyValues",
    "PageBreak",
    "Paragraph",
    "Spacer",
    "Table",
    "printable",
    "render_pdf",
]
