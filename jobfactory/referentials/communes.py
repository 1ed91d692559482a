"""Communes: the file shipped for the programme's territories, and the official INSEE file.

No package ships INSEE's commune file, so `data/communes.csv` holds the communes of the Lille
territories and their neighbours (its source is in `sources.py`); an administrator who has the
official file (Code officiel géographique, `v_commune_AAAA.csv`) loads it with `import_communes`.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

SHIPPED_FILE = Path(__file__).parent / "data" / "communes.csv"
SHIPPED_SOURCE = "jobfactory referentials/data/communes.csv (INSEE, Code officiel géographique)"
COG_COLUMNS = ("TYPECOM", "COM", "DEP", "LIBELLE")


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    department: str


class CommuneFileError(ValueError):
    pass


def shipped_communes() -> list[CommuneRow]:
    with SHIPPED_FILE.open(encoding="utf-8", newline="") as handle:
        return [CommuneRow(row["insee_code"], row["name"], row["department"])
                for row in csv.DictReader(handle)]


def read_cog(data: bytes, *, department: str | None = None) -> list[CommuneRow]:
    """Current communes (TYPECOM = COM) of INSEE's file; associated and delegated ones are left out."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COG_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CommuneFileError(
            f"Colonnes manquantes dans le fichier des communes : {', '.join(missing)}. "
            "Attendu : le fichier « v_commune » du Code officiel géographique de l'INSEE.")
    rows = []
    for row in reader:
        if row["TYPECOM"] != "COM":
            continue
        if department and row["DEP"] != department:
            continue
        code = row["COM"].strip()
        if len(code) != 5:
            raise CommuneFileError(f"Ligne {reader.line_num} : code commune invalide « {code} ».")
        rows.append(CommuneRow(code, row["LIBELLE"].strip(), row["DEP"].strip()))
    return rows
