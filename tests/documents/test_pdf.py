"""PDF rendering, checked by reading the produced file back with pypdf."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from jobfactory.documents import (
    BulletList,
    Document,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    render_pdf,
)

CREATED_AT = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)


def render(document: Document) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(document, created_at=CREATED_AT)))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    # Wrapped lines come back with newlines where the text had spaces.
    return " ".join(text.split())


def meeting_pack() -> Document:
    return Document(
        title="Comité local pour l’emploi — séance du 12 mars",
        subtitle="Dossier de séance",
        author="Territoire de Loos",
        footer="CLE Loos · document de travail",
        blocks=(
            Heading("Ordre du jour"),
            BulletList(("Approbation du compte rendu", "Examen des activités soumises")),
            Paragraph("Une œuvre collective au service du territoire."),
            Paragraph("Document confidentiel", style="warning"),
            Paragraph("Généré automatiquement", style="muted"),
            Heading("Activités soumises", level=2),
            Table(
                headers=("Activité", "Budget"),
                rows=(("Ressourcerie", "12 500 €"), ("Conciergerie", "3 200 €")),
                widths=(3, 1),
                align=("L", "R"),
                caption="Tableau 1 – Activités",
            ),
            Heading("Pièces", level=3),
            KeyValues((("Porteur", "EBE Loos Solidaire"), ("Avis", "Favorable"))),
        ),
    )


def test_text_content_title_headings_cells_and_french_characters():
    texts = page_texts(render(meeting_pack()))
    text = flat(" ".join(texts))

    assert "Comité local pour l’emploi — séance du 12 mars" in text
    headings = ("Dossier de séance", "Ordre du jour", "Activités soumises", "Pièces", "Tableau 1 – Activités")
    for expected in headings:
        assert expected in text
    for cell in ("Ressourcerie", "12 500 €", "Conciergerie", "3 200 €", "EBE Loos Solidaire", "Favorable"):
        assert cell in text
    assert "Une œuvre collective au service du territoire." in text
    assert "Approbation du compte rendu" in text
    assert "Document confidentiel" in text


def test_metadata_language_and_creation_date():
    reader = render(meeting_pack())

    assert reader.metadata.title == "Comité local pour l’emploi — séance du 12 mars"
    assert reader.metadata.author == "Territoire de Loos"
    assert reader.metadata.subject == "Dossier de séance"
    assert reader.metadata.creation_date == CREATED_AT
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_output_is_deterministic_with_a_creation_date():
    first = render_pdf(meeting_pack(), created_at=CREATED_AT)

    assert render_pdf(meeting_pack(), created_at=CREATED_AT) == first


def volunteers_table(count: int) -> Table:
    rows = tuple((f"Volontaire {n:03d}", "Loos", f"{n},00 €") for n in range(1, count + 1))
    return Table(headers=("Nom complet", "Commune de résidence", "Montant"), rows=rows, align=("L", "L", "R"))


def test_long_table_continues_on_next_pages_with_the_header_row_repeated():
    reader = render(Document(title="Volontaires", blocks=(volunteers_table(300),)))
    texts = page_texts(reader)

    assert len(texts) >= 4
    for text in texts:
        assert "Nom complet" in text
        assert "Commune de résidence" in text
    assert "Volontaire 001" in texts[0]
    assert "Volontaire 001" not in texts[1]
    # Every row is printed exactly once, none lost at a page break.
    everything = "\n".join(texts)
    for n in (1, 150, 299, 300):
        assert everything.count(f"Volontaire {n:03d}") == 1
    assert "Volontaire 300" in texts[-1]


def test_footer_numbers_pages_and_title_repeated_from_page_two():
    texts = page_texts(
        render(Document(title="Rapport annuel", footer="Pied de page CLE", blocks=(volunteers_table(120),)))
    )
    pages = len(texts)

    assert pages >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} / {pages}" in text
        assert "Pied de page CLE" in text
    assert texts[0].count("Rapport annuel") == 1  # the big title only, no running header
    assert "Rapport annuel" in texts[1]


def test_characters_outside_windows_1252_do_not_break_rendering():
    document = Document(
        title="Bilan 🎉 α",
        blocks=(
            Heading("Objectif ≥ 80 % ✅"),
            Paragraph("Taux ≥ 50 % 👍🏽, écart ≤ 2 — Ω grec, Łódź, ﬁn"),
            Table(headers=("Indicateur ≠",), rows=(("Durée → 3 mois",),)),
            BulletList(("Point ★ important",)),
            KeyValues((("Clé ∞", "Valeur 😀"),)),
        ),
    )
    text = flat(" ".join(page_texts(render(document))))

    assert "Objectif >= 80 % v" in text
    assert "Taux >= 50 %" in text
    assert "écart <= 2 — ? grec, Lódz, fin" in text  # ó exists in windows-1252, ź does not
    assert "Indicateur !=" in text
    assert "Durée -> 3 mois" in text
    assert "Point important" in text
    assert "Clé ? Valeur" in text


def test_empty_table_shows_its_empty_text():
    document = Document(
        title="Entrées",
        blocks=(
            Table(headers=("Personne", "Date d’entrée"), rows=(), empty_text="Aucune entrée ce mois-ci."),
        ),
    )
    text = flat(page_texts(render(document))[0])

    assert "Personne" in text
    assert "Date d’entrée" in text
    assert "Aucune entrée ce mois-ci." in text


def test_heading_is_not_left_alone_at_the_bottom_of_a_page():
    document = Document(
        title="Dossier",
        blocks=(
            Spacer(222),
            Heading("Section suivante"),
            Paragraph("Premier paragraphe de la section."),
        ),
    )
    texts = page_texts(render(document))

    assert len(texts) == 2
    assert "Section suivante" not in texts[0]
    assert "Section suivante" in texts[1]
    assert "Premier paragraphe" in texts[1]


def test_page_break_starts_a_new_page_but_never_a_blank_one():
    document = Document(
        title="Dossier",
        blocks=(
            Paragraph("Avant"),
            PageBreak(),
            PageBreak(),
            Paragraph("Après"),
        ),
    )
    texts = page_texts(render(document))

    assert len(texts) == 2
    assert "Avant" in texts[0]
    assert "Après" in texts[1]


def test_a_cell_longer_than_a_page_continues_on_following_rows():
    words = " ".join(f"mot{n}" for n in range(1, 2501))
    document = Document(
        title="Pièces",
        blocks=(
            Table(headers=("Activité", "Éléments"), rows=(("Ressourcerie", words),), widths=(1, 3)),
            KeyValues((("Justification", words),)),
        ),
    )
    text = flat(" ".join(page_texts(render(document))))

    assert text.count("mot1 ") == 2
    assert text.count("mot2500") == 2
    assert text.count("Ressourcerie") == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: Table(headers=("A", "B"), rows=(("1",),)),
        lambda: Table(headers=("A", "B"), widths=(1,)),
        lambda: Table(headers=("A",), align=("X",)),
        lambda: Table(headers=()),
        lambda: Heading("Titre", level=4),
        lambda: Paragraph("Texte", style="bold"),
        lambda: KeyValues((("seul",),)),
        lambda: Document(title="T", blocks=("pas un bloc",)),
    ],
)
def test_inconsistent_blocks_are_rejected(build):
    with pytest.raises((ValueError, TypeError)):
        build()


def test_sequences_are_frozen_into_tuples():
    table = Table(headers=["A", "B"], rows=[["1", "2"]], widths=[1, 2])

    assert table.headers == ("A", "B")
    assert table.rows == (("1", "2"),)
    assert table.widths == (1, 2)
    assert hash(Document(title="T", blocks=[table]))


def png(width: int, height: int, rgb: tuple[int, int, int] = (0, 0, 145)) -> bytes:
    """A plain-colour PNG, written by hand: the documents package needs no imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def image_xobjects(page) -> list:
    resources = page["/Resources"]
    xobjects = resources.get("/XObject", {}) if resources else {}
    return [xobjects[name].get_object() for name in xobjects
            if xobjects[name].get_object()["/Subtype"] == "/Image"]


def test_an_image_renders_with_its_caption_as_an_image_xobject():
    from jobfactory.documents import Image

    document = Document(title="Rapport", blocks=(
        Heading("Évolution"),
        Image(png(300, 120), caption="Figure 1 — Salarié·e·s par mois", width_mm=120),
        Paragraph("Après la figure."),
    ))
    reader = render(document)
    text = flat(page_texts(reader)[0])

    images = image_xobjects(reader.pages[0])
    assert len(images) == 1
    assert (images[0]["/Width"], images[0]["/Height"]) == (300, 120)
    assert "Figure 1 — Salarié·e·s par mois" in text
    assert text.index("Évolution") < text.index("Figure 1") < text.index("Après la figure.")


def test_an_image_moves_whole_with_its_caption_and_heading_to_the_next_page():
    from jobfactory.documents import Image

    document = Document(title="Rapport", blocks=(
        Spacer(170),
        Heading("Graphique"),
        Image(png(400, 200), caption="Légende du graphique"),
    ))
    reader = render(document)
    texts = page_texts(reader)

    assert len(texts) == 2
    assert not image_xobjects(reader.pages[0])
    assert len(image_xobjects(reader.pages[1])) == 1
    assert "Graphique" in texts[1] and "Légende du graphique" in texts[1]


def test_a_very_tall_image_is_narrowed_to_fit_one_page():
    from jobfactory.documents import Image

    reader = render(Document(title="Rapport", blocks=(Image(png(50, 400), caption="Très haute"),)))

    # Too tall for what is left under the title: on the next page, whole, caption included.
    assert len(reader.pages) == 2
    assert len(image_xobjects(reader.pages[1])) == 1
    assert "Très haute" in page_texts(reader)[1]


@pytest.mark.parametrize("data", [b"", b"GIF89a" + bytes(40), "texte"])
def test_image_data_must_be_png(data):
    from jobfactory.documents import Image

    with pytest.raises((ValueError, TypeError)):
        Image(data)
