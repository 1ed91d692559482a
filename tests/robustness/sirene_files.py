"""Malformed SIRENE establishment files, generated from a seed, with the establishments each must leave.

The SIRENE import skips bad rows (the national file always holds a few) and refuses a file it cannot
read as a whole. So a file here carries row faults, which only drop rows, and at most one file fault,
which gets it refused. The establishments an accepted file must leave are worked out here from the
rows as written (`kept`), by the rules of DESIGN.md, never by calling the reader.
"""

import codecs
import csv
import io
import random
import re
import zipfile
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from jobfactory.establishments.reader import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, SIRENE_COLUMNS

ACCEPT, REFUSE, EITHER = "accept", "refuse", "either"
INSIDE = ("59360", "59350", "59599")  # the communes kept
OUTSIDE = ("59512", "75056")
NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
NAMES = ["LE FOURNIL", "CAFÉ DES SPORTS", "GARAGE DU NORD", "=cmd|' /C calc'!A0", "+33 BOULANGERIE",
         "@SOMME", "-MOINS", 'LE "VRAI" BISTROT', "ÉPICERIE, FINE; ET BIO", "Ω ŒUVRE ’ÉTÉ", "   "]
# pyarrow reads these words as missing values: the generator keeps out of their way.
BAD_SIRETS = ["1234", "ABCDEFGHIJKLMN", "", "9000000010001 ", "900000001000111", "９００００００１０００１１"]
BAD_STATES = ["X", "", "a", "Actif"]
BAD_NAF = ["1071C", "10.71c", "ZZ.ZZZ", "10.71CC", " 10.71C"]
BAD_DATES = ["2020-13-45", "31/12/2020", "", "0000-00-00", "2020-02-30", "demain"]


@dataclass
class SireneFile:
    kind: str
    suffix: str
    content: bytes
    expect: str
    kept: dict[str, str] | None = None  # SIRET -> name, what an accepted file leaves
    sirets: frozenset[str] = frozenset()  # every SIRET written, valid or not


def _blank(value: str | None) -> bool:
    return value is None or not value.strip() or value == "[ND]"


def expected_kept(header: list[str], rows: list) -> dict[str, str]:
    """The live establishments the rules leave: valid rows of the communes, a SIRET's last one."""
    kept = {}
    for cells in rows:
        if len(cells) != len(header):
            continue  # a line with too few or too many fields is skipped
        row = dict(zip(header, cells, strict=True))
        siret, naf25 = row.get("siret", ""), row.get(OPTIONAL_COLUMNS[0], "")
        rev2 = row.get("nomenclatureActivitePrincipaleEtablissement", "") == "NAFRev2"
        valid = (re.fullmatch(r"\d{14}", siret) and siret.isascii()
                 and (not rev2 or _blank(row.get("activitePrincipaleEtablissement", ""))
                      or NAF.match(row.get("activitePrincipaleEtablissement", "")))
                 and (_blank(naf25) or NAF.match(naf25))
                 and row.get("etatAdministratifEtablissement", "") in ("A", "F"))
        if not valid or row.get("codeCommuneEtablissement", "") not in INSIDE:
            continue
        kept.pop(siret, None)
        name = ""
        if row.get("statutDiffusionEtablissement", "") != "P":
            names = (row.get("enseigne1Etablissement", ""), row.get("denominationUsuelleEtablissement", ""))
            name = next((v for v in names if not _blank(v)), "")
        kept[siret] = name.replace("\x00", "")[:200]
    return kept


class _Draft:
    def __init__(self, rng: random.Random, serial: int):
        self.rng, self.serial = rng, serial
        self.header = list(SIRENE_COLUMNS)
        if rng.random() < 0.3:
            rng.shuffle(self.header)  # the reader picks columns by name
        if rng.random() < 0.2:
            self.header.remove(OPTIONAL_COLUMNS[0])  # files before December 2025
        if rng.random() < 0.2:
            self.header.append("colonneAjouteeParInsee")
        self.rows = [self._row(i) for i in range(rng.randint(1, 12))]
        self.expect, self.kinds = ACCEPT, []
        self.encoding, self.newline, self.suffix = "utf-8", rng.choice(["\n", "\r\n"]), ".csv"

    def _row(self, i: int) -> dict:
        rng = self.rng
        row = dict.fromkeys(SIRENE_COLUMNS, "")
        row.update({
            "siren": f"9{self.serial:04d}{i:04d}", "siret": f"9{self.serial:04d}{i:04d}{i:05d}",
            "statutDiffusionEtablissement": rng.choice("OOOP"),
            "dateCreationEtablissement": rng.choice(["2015-03-01", "1999-12-31"]),
            "trancheEffectifsEtablissement": rng.choice(["01", "NN", "12", ""]),
            "numeroVoieEtablissement": "12", "typeVoieEtablissement": "RUE",
            "libelleVoieEtablissement": "DU TEST", "codePostalEtablissement": "59120",
            "codeCommuneEtablissement": rng.choice(INSIDE + INSIDE + OUTSIDE),
            "etatAdministratifEtablissement": rng.choice("AAF"),
            "enseigne1Etablissement": rng.choice(NAMES + [""]),
            "denominationUsuelleEtablissement": rng.choice(NAMES),
            "activitePrincipaleEtablissement": "10.71C",
            "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
            OPTIONAL_COLUMNS[0]: rng.choice(["10.71G", ""]),
        })
        return row

    def fault(self, kind: str, expect: str):
        self.kinds.append(kind)
        if expect == REFUSE or self.expect == ACCEPT:
            self.expect = expect

    def cells(self, row) -> list[str]:
        return row if isinstance(row, list) else [row.get(column, "") for column in self.header]

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=self.newline)
        writer.writerow(self.header)
        writer.writerows(self.cells(row) for row in self.rows)
        return out.getvalue()


def _row_faults(draft: _Draft):
    """Faults that drop or alter rows, never the file."""
    rng = draft.rng
    for _ in range(rng.randint(0, 4)):
        index = rng.randrange(len(draft.rows))
        row = draft.rows[index]
        if isinstance(row, list):
            continue
        choice = rng.randrange(10)
        if choice == 0:
            row["siret"] = rng.choice(BAD_SIRETS)
        elif choice == 1:
            row["etatAdministratifEtablissement"] = rng.choice(BAD_STATES)
        elif choice == 2:
            row["activitePrincipaleEtablissement"] = rng.choice(BAD_NAF)
            row["nomenclatureActivitePrincipaleEtablissement"] = rng.choice(["NAFRev2", "NAFRev1"])
        elif choice == 3 and OPTIONAL_COLUMNS[0] in draft.header:
            row[OPTIONAL_COLUMNS[0]] = rng.choice(BAD_NAF)
        elif choice == 4:
            row["dateCreationEtablissement"] = rng.choice(BAD_DATES)
        elif choice == 5:
            row["enseigne1Etablissement"] = rng.choice(["N" * 10_000, "=HYPERLINK(\"x\")" * 30])
        elif choice == 6:
            row["denominationUsuelleEtablissement"] = "NUL\x00BYTE"
            row["enseigne1Etablissement"] = ""
        elif choice == 7:
            cells = draft.cells(row)
            draft.rows[index] = cells[:rng.randrange(len(cells))] if rng.random() < 0.5 else cells + ["x"]
        elif choice == 8:
            copy = dict(row, enseigne1Etablissement=rng.choice(NAMES))
            draft.rows.insert(rng.randrange(index, len(draft.rows) + 1), copy)
        else:
            row["codeCommuneEtablissement"] = rng.choice(OUTSIDE + (" 59360", "59360 ", ""))
    draft.kinds.append("row_faults")


def _file_fault(draft: _Draft):
    rng = draft.rng
    choice = rng.randrange(7)
    if choice == 0:
        draft.header.remove(rng.choice(REQUIRED_COLUMNS))
        draft.fault("missing_required_column", REFUSE)
    elif choice == 1:
        draft.encoding = "cp1252"
        draft.rows.append(draft._row(len(draft.rows)) | {"denominationUsuelleEtablissement": "CAFÉ"})
        draft.fault("cp1252", REFUSE)
    elif choice == 2:
        draft.encoding = "utf-16"
        draft.fault("utf16", REFUSE)
    elif choice == 3:
        draft.rows = []
        draft.fault("header_only", REFUSE)
    elif choice == 4:
        for row in draft.rows:
            if not isinstance(row, list):
                row["codeCommuneEtablissement"] = rng.choice(OUTSIDE)
        draft.fault("no_commune_kept", REFUSE)
    elif choice == 5:
        draft.rows.append(draft._row(len(draft.rows)) | {"libelleVoieEtablissement": "RUE\nSUR DEUX LIGNES"})
        draft.fault("newline_in_value", EITHER)
    else:
        draft.header[1] = draft.header[0]  # the same column name twice
        draft.fault("duplicate_column_name", EITHER)


def sirene_file(rng: random.Random, serial: int) -> SireneFile:
    draft = _Draft(rng, serial)
    if rng.random() < 0.7:
        _row_faults(draft)
    if rng.random() < 0.35:
        _file_fault(draft)
    sirets = frozenset(r["siret"] if isinstance(r, dict) else "" for r in draft.rows)
    rows = [draft.cells(row) for row in draft.rows]
    kept = expected_kept(draft.header, rows)
    if draft.expect == ACCEPT and not kept:
        draft.expect = REFUSE  # nothing valid in the communes: refused, the evidence is kept
    kind = "+".join(draft.kinds) or "valid"
    packing = rng.random()
    if packing < 0.2 and draft.encoding == "utf-8" and all(len(r) == len(draft.header) for r in rows) \
            and len(set(draft.header)) == len(draft.header) and "newline_in_value" not in kind:
        return SireneFile(kind + "+parquet", ".parquet", _parquet(draft.header, rows, rng), draft.expect,
                          kept, sirets)
    text = draft.text()
    data = (codecs.BOM_UTF8 if rng.random() < 0.2 and draft.encoding == "utf-8" else b"") \
        + text.encode(draft.encoding, errors="replace")
    if packing < 0.5:
        return SireneFile(kind + "+zip", ".zip", _zipped(data), draft.expect, kept, sirets)
    return SireneFile(kind, ".csv", data, draft.expect, kept, sirets)


def _zipped(data: bytes, names=("StockEtablissement_utf8.csv",)) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, data)
    return out.getvalue()


def _parquet(header, rows, rng) -> bytes:
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    table = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    if rng.random() < 0.3:  # Parquet types its columns: numbers and dictionaries read as text too
        table = table.set_column(table.schema.get_field_index("siret"), "siret",
                                 table.column("siret").dictionary_encode())
    out = io.BytesIO()
    pq.write_table(table, out, row_group_size=max(1, rng.randint(1, 8)))
    return out.getvalue()


def special_files(rng: random.Random) -> list[SireneFile]:
    """Damaged containers and pathological sizes."""
    base = sirene_file(random.Random(1), 9999)
    while base.expect != ACCEPT or base.suffix != ".csv":
        base = sirene_file(rng, 9998)
    csv_bytes = base.content
    zipped = _zipped(csv_bytes)
    header = ",".join(SIRENE_COLUMNS).encode()
    row = base.content.splitlines()[1]
    typed = pa.table({name: pa.array([1], pa.int64()) if name == "siret" else pa.array([{"a": 1}])
                      if name == "enseigne1Etablissement" else pa.array(["x"]) for name in SIRENE_COLUMNS})
    typed_out = io.BytesIO()
    pq.write_table(typed, typed_out)
    return [
        SireneFile("empty_csv", ".csv", b"", REFUSE),
        SireneFile("blank_csv", ".csv", b"\n\n", REFUSE),
        SireneFile("semicolons", ".csv", csv_bytes.replace(b",", b";"), REFUSE),
        SireneFile("not_a_zip", ".zip", rng.randbytes(300), REFUSE),
        SireneFile("truncated_zip", ".zip", zipped[:len(zipped) // 2], REFUSE),
        SireneFile("corrupt_zip", ".zip", zipped[:60] + bytes(b ^ 0xFF for b in zipped[60:90]) + zipped[90:],
                   REFUSE),
        SireneFile("zip_two_csv", ".zip", _zipped(csv_bytes, ("a.csv", "b.csv")), REFUSE),
        SireneFile("zip_no_csv", ".zip", _zipped(csv_bytes, ("a.txt",)), REFUSE),
        SireneFile("not_parquet", ".parquet", rng.randbytes(500), REFUSE),
        SireneFile("parquet_struct_column", ".parquet", typed_out.getvalue(), REFUSE),
        SireneFile("unclosed_quote", ".csv", csv_bytes + b'"' + row, EITHER, sirets=base.sirets),
        SireneFile("random_bytes", ".csv", rng.randbytes(2000), REFUSE),
        SireneFile("huge_line", ".csv", header + b"\n" + row + b"," + b"Z" * (5 << 20) + b"\n" + row + b"\n",
                   EITHER, sirets=base.sirets),
        SireneFile("nul_bytes", ".csv", csv_bytes.replace(b"RUE", b"R\x00UE"), ACCEPT, base.kept,
                   base.sirets),
    ]
