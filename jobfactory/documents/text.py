"""Text preparation for fpdf2's core fonts.

The core fonts (Helvetica) need nothing installed, but they only know windows-1252: French is fully
covered (é è à ç œ Œ € ’ « » – … and the non-breaking space), anything else (emoji, ≥, Greek...)
would make fpdf2 raise. Letters lose the accent cp1252 lacks (ő -> o), pictograms (emoji) disappear,
other unknown characters (Greek, Cyrillic...) become "?" so the loss stays visible. `printable()` is
the single gate every string goes through before reaching fpdf2, so a stray character typed in a
form can never break a committee pack.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ENCODING = "windows-1252"

# Characters NFKC/NFKD cannot bring into windows-1252 but which have an obvious equivalent.
_REPLACEMENTS = {
    "\u2265": ">=",  # ≥
    "\u2264": "<=",  # ≤
    "\u2260": "!=",  # ≠
    "\u2248": "~",  # ≈
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2015": "\u2014",  # horizontal bar
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u21d2": "=>",
    "\u21d4": "<=>",
    "\u2032": "'",  # prime
    "\u2033": '"',  # double prime
    "\u201b": "'",
    "\u201f": '"',
    "\u2713": "v",  # check marks
    "\u2714": "v",
    "\u2705": "v",
    "\u2717": "x",  # ballot x
    "\u2718": "x",
    "\u274c": "x",
    "\u25cf": "\u2022",  # black circle -> bullet
    "\u25aa": "\u2022",
    "\u25e6": "\u2022",
    "\u2043": "-",
    "\u0142": "l",  # ł: no decomposition in Unicode
    "\u0141": "L",
    "\u0111": "d",  # đ
    "\u0110": "D",
    "\u0131": "i",  # dotless i
    # French typography puts a narrow no-break space before ; : ! ? and inside « »: keep it unbreakable.
    "\u202f": "\u00a0",
    "\u2007": "\u00a0",
    "\u2060": "",  # word joiner
}

UNKNOWN = "?"


def _encodable(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def _printable_char(char: str) -> str:
    if char == "\n":
        return char
    if char in "\t\v\f":
        return " "
    category = unicodedata.category(char)
    if category == "Cc":
        return ""
    if _encodable(char):
        return char
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    # Combining marks left alone, zero-width joiners, variation selectors (emoji sequences): invisible.
    if category in ("Mn", "Me", "Cf"):
        return ""
    # Emoji and other pictograms are decoration: dropped, where "?" would read as a question.
    # Skin-tone modifiers (Sk) come along with them.
    if category == "So" or "\U0001f3fb" <= char <= "\U0001f3ff":
        return ""
    if category == "Zs":
        return " "
    # Compatibility forms first (ligatures ﬁ, full-width letters, ǆ -> dž keeps the caron)...
    composed = unicodedata.normalize("NFKC", char)
    if composed != char and _encodable(composed):
        return composed
    # ...then drop the accents cp1252 lacks (ő -> o, ș -> s).
    stripped = "".join(
        part
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part) and _encodable(part)
    )
    return stripped or UNKNOWN


def printable(text: object) -> str:
    """`text` as a string fpdf2's core fonts can render, as close to the original as possible."""
    if text is None:
        return ""
    # NFC first: text pasted from macOS or PDFs often carries "e" + combining accent for "é".
    normalized = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(map(_printable_char, normalized))
