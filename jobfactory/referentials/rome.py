"""ROME 4.0 jobs (France Travail's job and skill codes) and their links to NAF divisions.

The data file is fetched at build time by `fetch_rome` (see there for why and how it is checked).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from jobfactory.referentials.fetch_rome import FILE_NAME


class RomeDataMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class RomeJob:
    code: str
    label: str
    naf_divisions: frozenset[str]

    def __str__(self):
        return f"{self.code} {self.label}"


def data_path() -> Path:
    return Path(settings.REFERENTIALS_DIR) / FILE_NAME


@cache
def jobs() -> dict[str, RomeJob]:
    path = data_path()
    if not path.exists():
        raise RomeDataMissing(
            f"{path} manque : lancez « make install » (python -m jobfactory.referentials.fetch_rome).")
    sectors = json.loads(path.read_text(encoding="utf-8"))
    labels: dict[str, str] = {}
    divisions: dict[str, set[str]] = {}
    for sector, entry in sectors.items():
        for job in entry["codes_rome"]:
            labels[job["code"]] = job["libelle"]
            # Sector "0" is "transverse to all sectors": not a NAF division.
            if sector != "0":
                divisions.setdefault(job["code"], set()).add(sector.zfill(2))
    return {code: RomeJob(code, labels[code], frozenset(divisions.get(code, ())))
            for code in sorted(labels)}


def lookup(code: str) -> RomeJob | None:
    return jobs().get((code or "").strip().upper())


def jobs_for_divisions(divisions: set[str]) -> list[RomeJob]:
    """Jobs linked to any of these NAF divisions ("95", "81"), for suggesting an activity's skills."""
    return [job for job in jobs().values() if job.naf_divisions & divisions]


def choices(first_divisions: set[str] | None = None) -> list:
    """Choices for a select box: the jobs linked to the activity's NAF divisions first."""
    all_jobs = [(job.code, str(job)) for job in jobs().values()]
    if not first_divisions:
        return all_jobs
    linked = [(job.code, str(job)) for job in jobs_for_divisions(first_divisions)]
    return [("Métiers liés aux codes NAF de l'activité", linked), ("Tous les métiers", all_jobs)]
