"""Malformed volunteer CSV files, generated from a seed, each with what the import must do with it.

A file starts as a valid one (a few volunteers, in one of the spellings Excel writes) and takes at
most one fault that must get it refused, plus harmless variations it must survive: another encoding
or separator, blank lines, accented headers, formula-looking names. The expectation is worked out
from the faults, never from what the importer answers:
- ACCEPT: every row imported, with these names;
- REFUSE: nothing imported, and errors said;
- EITHER: a damaged encoding that may still read as text (mojibake): no crash, no partial import.
"""

import codecs
import csv
import io
import random
from dataclasses import dataclass, field

ACCEPT, REFUSE, EITHER = "accept", "refuse", "either"

# Names that a spreadsheet would run as formulas; the import keeps them (after trimming spaces),
# the exports must neutralise them.
FORMULAS = ["=cmd|' /C calc'!A0", "+33 6 00 00 00 00", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=HYPERLINK(\"x\")",
            " =2*3", "=IMPORTXML(\"http://x\";\"//a\")", "-", "+", "@"]
# Within cp1252, so that every encoding below can write them.
ACCENTED = ["Élodie", "Gaëlle", "François", "Chloé", "Jérôme", "Nœmie", "D’Artagnan", "Zoë-Inès"]
REQUIRED = ["nom", "prenom", "sexe", "date_naissance", "adresse", "code_postal", "commune",
            "date_arrivee_territoire", "sans_emploi_depuis", "heures_choisies", "date_notice_information"]
OPTIONAL = ["courriel", "telephone", "qpv", "reside_territoire", "type_privation",
            "niveau_qualification", "rqth", "droit_travail", "competences", "metiers", "position_domicile",
            "mode_deplacement", "distance_km", "inscrit_chomage_depuis"]
GOOD_OPTIONAL = {
    "courriel": "x@example.org", "telephone": "06 00 00 00 00", "qpv": "oui", "reside_territoire": "Oui",
    "type_privation": "partielle", "niveau_qualification": "3", "rqth": "non", "droit_travail": "1",
    "competences": "Espaces verts", "metiers": "K2204, A1203", "position_domicile": "50,616 ; 2,991",
    "mode_deplacement": "à vélo", "distance_km": "7,5", "inscrit_chomage_depuis": "01/10/2021",
}
GOOD_DATES = ["15/03/1985", "1985-03-15", "15-03-1985", "15/03/85", "01/01/1970"]
# (column, value): one of them in a row is enough to refuse the whole file.
BAD_VALUES = [
    ("date_naissance", "31/02/1985"), ("date_naissance", "1985-13-01"), ("date_naissance", "hier"),
    ("date_naissance", "00/00/0000"), ("date_naissance", "01/01/2099"), ("date_naissance", "01/01/1900"),
    ("date_naissance", "01/01/2020"), ("date_naissance", "99999-01-01"), ("date_naissance", "1e10"),
    ("sans_emploi_depuis", "29/02/2023"), ("sans_emploi_depuis", "01/01/1950"),
    ("date_arrivee_territoire", "2015/01/01 12:00"), ("date_notice_information", "05/01/2099"),
    ("heures_choisies", "abc"), ("heures_choisies", "NaN"), ("heures_choisies", "Infinity"),
    ("heures_choisies", "1e400"), ("heures_choisies", "-5"), ("heures_choisies", "0"),
    ("heures_choisies", "36"), ("heures_choisies", "12,345"), ("heures_choisies", ""),
    ("sexe", "X"), ("sexe", ""), ("code_postal", "ABCDE"), ("code_postal", "591200"),
    ("niveau_qualification", "99"), ("niveau_qualification", "deux"), ("qpv", "peut-être"),
    ("type_privation", "aucune"), ("mode_deplacement", "téléportation"), ("distance_km", "-1"),
    ("distance_km", "1e9"), ("distance_km", "NaN"), ("position_domicile", "nan ; inf"),
    ("position_domicile", "91 ; 181"), ("position_domicile", "ici"), ("metiers", "ZZZZ9"),
    ("courriel", "pas un courriel"), ("nom", ""), ("prenom", " "), ("adresse", ""),
    ("nom", "x" * 101), ("nom", "x" * 2001), ("competences", "y" * 5000),
]


@dataclass
class PeopleFile:
    kind: str
    content: bytes
    expect: str
    names: list[tuple[str, str]] = field(default_factory=list)  # (last, first) created if accepted


class _Draft:
    def __init__(self, rng: random.Random, serial: int, rows: int):
        self.rng, self.serial = rng, serial
        optional = rng.sample(OPTIONAL, rng.randint(0, len(OPTIONAL)))
        self.columns = REQUIRED + optional
        rng.shuffle(self.columns)
        self.rows = [self._row(i) for i in range(rows)]
        self.header = list(self.columns)
        self.delimiter, self.encoding, self.newline = ";", "utf-8-sig", "\r\n"
        self.blank_lines = self.trailing_empty = False
        self.expect, self.kinds = ACCEPT, []

    def _row(self, i: int) -> dict:
        rng = self.rng
        values = {
            "nom": f"Fuzz{self.serial}x{i}", "prenom": rng.choice(ACCENTED), "sexe": rng.choice("FMfm"),
            "date_naissance": rng.choice(GOOD_DATES), "adresse": f"{i} rue de l'Essai",
            "code_postal": rng.choice(["59120", "5912", "59200"]), "commune": "Loos",
            "date_arrivee_territoire": "01/01/2015", "sans_emploi_depuis": "2021-06-01",
            "heures_choisies": rng.choice(["35", "24,5", "30.0", " 26 "]),
            "date_notice_information": "05/01/2026",
        }
        return values | {column: GOOD_OPTIONAL[column] for column in OPTIONAL}

    def fault(self, kind: str, expect: str = REFUSE):
        self.kinds.append(kind)
        if expect == REFUSE or self.expect == ACCEPT:
            self.expect = expect

    def names(self) -> list[tuple[str, str]]:
        return [(row["nom"].strip(), row["prenom"].strip()) for row in self.rows]

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator=self.newline)
        writer.writerow(self.header)
        for row in self.rows:
            cells = row if isinstance(row, list) else [row.get(c, "") for c in self.columns]
            writer.writerow(cells + [""] * self.trailing_empty)
            if self.blank_lines:
                out.write(self.newline + self.delimiter * 2 + self.newline)
        return out.getvalue()

    def build(self) -> PeopleFile:
        data = self.text().encode(self.encoding)
        return PeopleFile("+".join(self.kinds) or "valid", data, self.expect,
                          self.names() if self.expect == ACCEPT else [])


def _harmless(draft: _Draft):
    rng = draft.rng
    draft.delimiter = rng.choice([";", ",", "\t", ";"])
    draft.encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
    draft.newline = rng.choice(["\r\n", "\n"])
    draft.blank_lines = rng.random() < 0.2
    if rng.random() < 0.4:
        spellings = {"prenom": "Prénom", "nom": " NOM ", "date_naissance": "Date-Naissance",
                     "code_postal": "Code-Postal", "heures_choisies": "Heures choisies"}
        draft.header = [spellings.get(c, c) if rng.random() < 0.5 else c for c in draft.columns]
    if rng.random() < 0.5:
        for i, row in enumerate(draft.rows):
            if rng.random() < 0.5:
                row["nom"] = f"{rng.choice(FORMULAS)}{draft.serial}x{i}"
            if rng.random() < 0.3:
                row["prenom"] = rng.choice(FORMULAS)
        draft.kinds.append("formula")
    if rng.random() < 0.2:  # spreadsheets leave empty cells at the end of the lines
        draft.header.append("")
        draft.trailing_empty = True


def _column_fault(draft: _Draft):
    rng = draft.rng
    choice = rng.randrange(6)
    if choice == 0:
        column = rng.choice(REQUIRED)
        draft.columns.remove(column)
        draft.header = list(draft.columns)
        draft.fault("missing_required_column")
    elif choice == 1:
        draft.header = draft.header + ["colonne_inconnue"]
        draft.columns = draft.columns + ["colonne_inconnue"]
        draft.fault("unknown_column")
    elif choice == 2:
        draft.header = draft.header + [draft.header[0]]
        draft.columns = draft.columns + [draft.columns[0]]
        draft.fault("duplicate_column")
    elif choice == 3:
        position = rng.randrange(len(draft.header))
        draft.header = draft.header[:position] + [""] + draft.header[position:]
        draft.columns = draft.columns[:position] + ["(vide)"] + draft.columns[position:]
        draft.fault("unnamed_column")
    elif choice == 4:
        draft.header = draft.header + ["Santé"]
        draft.columns = draft.columns + ["Santé"]
        draft.fault("health_column")
    else:
        draft.header = [c.upper().replace("_", "|") for c in draft.header]
        draft.fault("mangled_headers")


def _row_fault(draft: _Draft):
    rng = draft.rng
    index = rng.randrange(len(draft.rows))
    cells = [draft.rows[index].get(c, "") for c in draft.columns]
    choice = rng.randrange(3)
    if choice == 0:
        draft.rows[index] = cells[:rng.randrange(1, len(cells))]
        draft.fault("missing_cells")
    elif choice == 1:
        draft.rows[index] = cells + ["de trop"]
        draft.fault("extra_cells")
    else:
        draft.rows.append(dict(draft.rows[index]))
        if rng.random() < 0.5:  # the same person, as another spelling of the name
            draft.rows[-1]["nom"] = draft.rows[index]["nom"].upper()
        draft.fault("duplicate_row")


def _value_fault(draft: _Draft):
    rng = draft.rng
    candidates = [(c, v) for c, v in BAD_VALUES if c in draft.columns]
    column, value = rng.choice(candidates)
    draft.rows[rng.randrange(len(draft.rows))][column] = value
    draft.fault(f"bad_value:{column}")


def people_file(rng: random.Random, serial: int) -> PeopleFile:
    """One file: harmless variations, and (two times out of three) one fault."""
    draft = _Draft(rng, serial, rows=rng.randint(1, 5))
    _harmless(draft)
    roll = rng.random()
    if roll < 0.2:
        _column_fault(draft)
    elif roll < 0.4:
        _row_fault(draft)
    elif roll < 0.65:
        _value_fault(draft)
    built = draft.build()
    if rng.random() < 0.15:
        return _damage_bytes(rng, built)
    return built


def _damage_bytes(rng: random.Random, built: PeopleFile) -> PeopleFile:
    """Faults below the CSV: bytes that are no text, or no CSV."""
    data = built.content
    choice = rng.randrange(7)
    if choice == 0:  # UTF-16 without its byte order mark: NUL bytes between the letters
        return PeopleFile("utf16_without_bom", data.decode(_encoding_of(data)).encode("utf-16-le"), REFUSE)
    if choice == 1:  # bytes undefined in cp1252, after invalid UTF-8
        return PeopleFile("undecodable", data[:len(data) // 2] + b"\xc3\x28\x81\x8d" + data[len(data) // 2:],
                          REFUSE if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                          else EITHER)
    if choice == 2:
        return PeopleFile("nul_byte", data.replace(b";", b";\x00", 1).replace(b",", b",\x00", 1), EITHER)
    if choice == 3:
        return PeopleFile("cut_short", data[:rng.randrange(1, max(2, len(data)))], EITHER)
    if choice == 4:
        return PeopleFile("random_bytes", rng.randbytes(rng.randint(0, 400)), EITHER)
    if choice == 5:  # an unclosed quote swallows the rest of the file
        text = data.decode(_encoding_of(data))
        lines = text.splitlines(keepends=True)
        lines[-1] = '"' + lines[-1]
        return PeopleFile("unclosed_quote", "".join(lines).encode("utf-8"), REFUSE)
    return PeopleFile("koi8_text", data.decode(_encoding_of(data)).encode("koi8-r", errors="replace"), EITHER)


def _encoding_of(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def special_files() -> list[PeopleFile]:
    """The few that are not variations: empty, huge, too many rows, header only."""
    header = ";".join(REQUIRED)
    row = "Nom;Prénom;F;01/01/1980;1 rue;59120;Loos;01/01/2015;01/01/2021;35;05/01/2026"
    return [
        PeopleFile("empty", b"", REFUSE),
        PeopleFile("blank", b" \r\n\r\n;;;\r\n", REFUSE),
        PeopleFile("header_only", header.encode(), REFUSE),
        PeopleFile("huge_cell", (header + "\r\n" + row.replace("1 rue", "z" * 200_000)).encode(), REFUSE),
        PeopleFile("over_5_mb", (header + "\r\n" + row + "\r\n" + "#" * (5 * 1024 * 1024)).encode(), REFUSE),
        PeopleFile("too_many_rows", (header + "\r\n" + "\r\n".join(
            row.replace("Nom;", f"Nom{n};") for n in range(5001))).encode(), REFUSE),
        PeopleFile("bom_only", codecs.BOM_UTF8, REFUSE),
        PeopleFile("only_quotes", b'"""";"";"\r\n"', REFUSE),
    ]
