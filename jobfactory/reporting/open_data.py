"""The open data: a programme's figures per territory and month, small counts suppressed.

Published: complete months only, from each territory's first month with data. Counts in 1..4 are
suppressed, and enough other cells that none can be recovered exactly (engines/disclosure.py):
- through the programme's total of each month (declared as a relation, published last-resort);
- through the month-to-month chain of employees: employees(m) - employees(m-1) = hires(m) -
  exits(m), which holds exactly by the definitions of engines/indicators.py. The complements are
  taken among the flows first, a zero included: "0 exits" suppressed next to "2 hires" keeps the
  employees published.
FTE is not a count of people but would give away a suppressed number of employees: it is
published only where the employees are. Exits are not split by reason here: per territory and
month, nearly every reason would be a small count.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jobfactory.engines.contracts import month_start
from jobfactory.engines.disclosure import Relation, suppress
from jobfactory.reporting.models import TerritoryMonth
from jobfactory.reporting.series import ensure_fresh

THRESHOLD = 5
TOTAL = "total"
# Published column -> stored field. Counts of people, in the order of the file.
COUNTS = {
    "inscrits": "registered",
    "eligibles": "eligible",
    "en_attente": "waiting",
    "salaries": "employees",
    "embauches": "hires",
    "sorties": "exits",
}
FLOWS = ("embauches", "sorties")
FILES = ("indicateurs-mensuels.csv", "indicateurs-mensuels.json", "schema.json", "meta.json")

SCHEMA = {
    "name": "jobfactory-indicateurs-mensuels",
    "title": "Territoires zéro chômeur de longue durée : indicateurs mensuels par territoire",
    "description": (
        "Une ligne par territoire et par mois complet, et une ligne « Ensemble du programme » par "
        "mois. Secret statistique : tout effectif de 1 à 4 est supprimé (vide en CSV, null en JSON), "
        "ainsi que des cases complémentaires choisies pour qu'aucune case supprimée ne puisse être "
        "retrouvée par les totaux du programme ni par l'évolution mensuelle des salarié·e·s "
        "(salariés(m) - salariés(m-1) = embauches(m) - sorties(m)). Les zéros sont publiés."),
    "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0"}],
    "fields": [
        {"name": "territoire_id", "type": "string",
         "description": "Identifiant du territoire dans jobfactory ; « total » pour l'ensemble "
                        "du programme."},
        {"name": "territoire", "type": "string", "description": "Nom du territoire."},
        {"name": "programme", "type": "string",
         "description": "Programme (métropole) qui porte le territoire."},
        {"name": "mois", "type": "yearmonth",
         "description": "Mois (AAAA-MM). Stocks lus le dernier jour du mois."},
        {"name": "inscrits", "type": "integer", "description": "Volontaires inscrit·e·s à la fin du mois."},
        {"name": "eligibles", "type": "integer",
         "description": "Volontaires dont le comité a reconnu l'éligibilité (dernière décision), "
                        "fin du mois."},
        {"name": "en_attente", "type": "integer",
         "description": "Éligibles non retiré·e·s et pas encore embauché·e·s, fin du mois."},
        {"name": "salaries", "type": "integer",
         "description": "Contrats en cours à la fin du mois, sorties du mois déduites."},
        {"name": "embauches", "type": "integer", "description": "Contrats commencés dans le mois."},
        {"name": "sorties", "type": "integer",
         "description": "Contrats dont le dernier jour est dans le mois."},
        {"name": "etp", "type": "number",
         "description": "Équivalents temps plein des salarié·e·s en fin de mois (35 h = 1) ; "
                        "publié seulement avec le nombre de salarié·e·s."},
    ],
    "missingValues": [""],
}


@dataclass(frozen=True)
class OpenDataset:
    rows: list[dict]
    primary: int
    secondary: int
    last_month: date | None


def _previous(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return f"{year:04d}-{number:02d}"


def build(programme, today: date | None = None) -> OpenDataset:
    today = today or timezone.localdate()
    territories = list(programme.territories.order_by("pk"))
    ensure_fresh(territories, today)
    current = month_start(today)
    values: dict[tuple, int] = {}
    fte: dict[tuple, str] = {}
    months: set[str] = set()
    first_month: dict[int, str] = {}
    for row in TerritoryMonth.objects.filter(territory__in=territories, month__lt=current).order_by("month"):
        month = f"{row.month:%Y-%m}"
        months.add(month)
        first_month.setdefault(row.territory_id, month)
        for column, field in COUNTS.items():
            values[(row.territory_id, month, column)] = getattr(row, field)
        fte[(row.territory_id, month)] = str(row.fte)

    relations = []
    for month in sorted(months):
        for column in COUNTS:
            parts = [key for t in territories if (key := (t.pk, month, column)) in values]
            values[(TOTAL, month, column)] = sum(values[key] for key in parts)
            relations.append(Relation.total((TOTAL, month, column), parts, name=f"total {month} {column}"))
    for territory_id, month, column in list(values):
        if column != "salaries" or territory_id == TOTAL:
            continue
        terms = {(territory_id, month, "salaries"): 1, (territory_id, month, "embauches"): -1,
                 (territory_id, month, "sorties"): 1}
        if month != first_month[territory_id]:
            terms[(territory_id, _previous(month), "salaries")] = -1
        relations.append(Relation(terms, name=f"salariés {territory_id} {month}"))

    # Complements are taken among the month's flows before the stocks, zeros included: a suppressed
    # stock would expose the next month's flows in turn, and the series of employees, the figure
    # people come for, would disappear month after month.
    result = suppress(values, relations, threshold=THRESHOLD, zero_complements=True,
                      totals=[key for key in values if key[0] == TOTAL or key[2] not in FLOWS])
    names = {t.pk: t.name for t in territories}
    rows = []
    for month in sorted(months):
        for territory_id in [t.pk for t in territories if (t.pk, month, "salaries") in values] + [TOTAL]:
            row = {"territoire_id": str(territory_id),
                   "territoire": names.get(territory_id, "Ensemble du programme"),
                   "programme": programme.name, "mois": month}
            row.update({column: result.published[(territory_id, month, column)] for column in COUNTS})
            employees_published = row["salaries"] is not None
            if territory_id == TOTAL:
                total_fte = sum(float(fte[(t.pk, month)]) for t in territories if (t.pk, month) in fte)
                row["etp"] = round(total_fte, 2) if employees_published else None
            else:
                row["etp"] = float(fte[(territory_id, month)]) if employees_published else None
            rows.append(row)
    last = max(months) if months else None
    return OpenDataset(rows=rows, primary=len(result.primary), secondary=len(result.secondary),
                       last_month=date(int(last[:4]), int(last[5:]), 1) if last else None)


def to_csv(dataset: OpenDataset) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[field["name"] for field in SCHEMA["fields"]],
                            lineterminator="\n")
    writer.writeheader()
    for row in dataset.rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


def directory(programme) -> Path:
    return Path(settings.VAR_DIR) / "open_data" / f"programme-{programme.pk}"


def publish(programme, today: date | None = None) -> OpenDataset:
    """Writes the CSV, the JSON and the schema; replaces the files only once all three are ready."""
    dataset = build(programme, today)
    target = directory(programme)
    target.mkdir(parents=True, exist_ok=True)
    meta = {"programme": programme.name, "generated_at": timezone.now().isoformat(timespec="seconds"),
            "last_month": f"{dataset.last_month:%Y-%m}" if dataset.last_month else None,
            "threshold": THRESHOLD, "suppressed_primary": dataset.primary,
            "suppressed_secondary": dataset.secondary}
    contents = {
        "indicateurs-mensuels.csv": to_csv(dataset),
        "indicateurs-mensuels.json": json.dumps({"meta": meta, "rows": dataset.rows}, ensure_ascii=False,
                                                indent=1),
        "schema.json": json.dumps(SCHEMA, ensure_ascii=False, indent=2),
        "meta.json": json.dumps(meta, ensure_ascii=False, indent=2),
    }
    for name, text in contents.items():
        temporary = target / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
    for name in contents:
        (target / f".{name}.tmp").replace(target / name)
    return dataset


def published(programme) -> dict | None:
    """The metadata of the files last published, or None."""
    path = directory(programme) / "meta.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
