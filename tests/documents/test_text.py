"""The windows-1252 gate every string passes before reaching fpdf2's core fonts."""

import pytest

from jobfactory.documents import printable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Élève, œuvre, 12 €, l’été « ici » – fin…", "Élève, œuvre, 12 €, l’été « ici » – fin…"),
        ("e\u0301te\u0301", "été"),  # decomposed accents (macOS, PDF copy) are recomposed
        ("Taux ≥ 50 %, ≤ 2, ≠ 3", "Taux >= 50 %, <= 2, != 3"),
        ("Bravo 🎉👍🏽!", "Bravo !"),  # pictograms are decoration: dropped
        ("✅ fait, ❌ refusé", "v fait, x refusé"),
        ("α Ω 日本", "? ? ??"),  # letters without equivalent stay visible as "?"
        ("ﬁn, Łódź, Ștefan", "fin, Lódz, Stefan"),
        ("prix\u202f: 3\u00a0€", "prix\u00a0: 3\u00a0€"),  # French narrow no-break space stays unbreakable
        ("a\tb\r\nc\rd\x00", "a b\nc\nd"),
        (None, ""),
        (42, "42"),
    ],
)
def test_printable(text, expected):
    assert printable(text) == expected


def test_printable_output_always_encodes_to_windows_1252():
    sample = "".join(chr(code) for code in range(0x20, 0x3000) if not 0xD800 <= code <= 0xDFFF)

    printable(sample).encode("windows-1252")
