"""Synthetic SIRENE establishment files in the real format, for the demo, the tests and the benchmark.

Values look like the national file's (full header, SIRETs of 14 digits, real NAF rev. 2 sub-classes,
closed establishments, partially diffused ones with INSEE's "[ND]"), and, like the national file, only a
small share of rows (2 % by default) fall in the programme's communes. Rows are built a chunk at a time
with numpy and pyarrow, never one by one in Python, so five million rows take seconds, not minutes.
Nothing here is real data: names, streets and NAF 2025 codes are placeholders (the NAF 2025 column
repeats the rev. 2 code, there being no correspondence table at hand).
"""

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from jobfactory.establishments.reader import NOT_DIFFUSED, SIRENE_COLUMNS
from jobfactory.referentials import naf

CSV_MEMBER = "StockEtablissement_utf8.csv"
CHUNK_ROWS = 250_000
CLOSED_SHARE = 0.55  # the stock file keeps closed establishments: they outnumber the active ones
PARTIAL_DIFFUSION_SHARE = 0.08
NAF_2025_SHARE = 0.6
OLD_NOMENCLATURE_SHARE = 0.03  # of the closed ones, still coded in NAF rev. 1
HEADCOUNT_BANDS = [(None, 55), ("NN", 20), ("00", 5), ("01", 7), ("02", 5), ("03", 3), ("11", 2),
                   ("12", 1.2), ("21", 0.8), ("22", 0.5), ("31", 0.3), ("32", 0.1), ("41", 0.1)]
EMPLOYING_BANDS = ["01", "02", "03", "11", "12", "21", "22", "31", "32", "41"]
NAF_REV1_CODES = ["52.7C", "55.3A", "74.1G", "50.2Z", "93.0D", "45.2B"]
STREET_TYPES = ["RUE", "AV", "BD", "PL", "CHE", "ALL", "IMP", "RTE", "QUAI"]
STREET_NAMES = ["DE LA PAIX", "JEAN JAURES", "VICTOR HUGO", "DE LA REPUBLIQUE", "DU GENERAL DE GAULLE",
                "DES ECOLES", "PASTEUR", "GAMBETTA", "DU MARECHAL FOCH", "NATIONALE", "DE LILLE",
                "SADI CARNOT", "DES TILLEULS", "DU MOULIN", "DE LA GARE"]
SIGN_NAMES = ["ATELIER DU CENTRE", "CHEZ MARIE", "LE FOURNIL", "GARAGE DES FLANDRES", "L'ESCALE",
              "AU BON ACCUEIL", "CYCLES ET REPARATIONS", "LA CLE DES CHAMPS", "PROXI SERVICES",
              "LES JARDINS DU NORD", "COUTURE ET RETOUCHES", "LE COMPTOIR"]
# Commune codes used when a random "elsewhere in France" code happens to be one of the programme's.
FALLBACK_COMMUNES = ["75056", "13055", "69123", "31555", "33063"]
# Fields INSEE replaces by "[ND]" for a partially diffused establishment (the commune stays public).
HIDDEN_WHEN_PARTIAL = ["numeroVoieEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement",
                       "codePostalEtablissement", "identifiantAdresseEtablissement",
                       "coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement"]
HIDDEN_NAMES_WHEN_PARTIAL = ["enseigne1Etablissement", "denominationUsuelleEtablissement"]
STRING = pa.string()
NULL = pa.scalar(None, STRING)


@cache
def naf_subclass_codes() -> tuple[str, ...]:
    """The 732 NAF rev. 2 sub-classes of the nomenclature the product uses everywhere."""
    return tuple(sorted(naf.nomenclature()))


@dataclass(frozen=True)
class SyntheticSummary:
    path: Path
    rows: int
    local_rows: int
    malformed: int


def _pick(values: Sequence, indices) -> pa.Array:
    return pa.array(values, STRING).take(pa.array(indices))


def _digits(numbers, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(numbers), STRING), width=width, padding="0")


def _where(mask, values, otherwise=NULL) -> pa.Array:
    return pc.if_else(pa.array(mask), values, otherwise)


class _Generator:
    def __init__(self, communes, seed: int, local_share: float):
        if isinstance(communes, Mapping):
            codes, weights = list(communes), np.array(list(communes.values()), dtype=float)
        else:
            codes = list(communes)
            weights = np.ones(len(codes))
        if not codes:
            raise ValueError("At least one commune is needed.")
        self.codes = codes
        self.weights = weights / weights.sum()
        self.local_share = local_share
        self.rng = np.random.default_rng(seed)
        self.naf = naf_subclass_codes()
        self.next_index = 0
        self.fallback = next(code for code in FALLBACK_COMMUNES if code not in set(codes))

    def chunk(self, n: int, *, local: bool | None = None, naf=None, commune=None) -> dict[str, pa.Array]:
        """n rows as {column: array}; local/naf/commune force the place and the code (demo, malformed)."""
        rng = self.rng
        columns: dict[str, pa.Array] = {}
        index = np.arange(self.next_index, self.next_index + n, dtype=np.int64)
        self.next_index += n
        # A bijection of the row index onto nine digits: every SIREN, hence every SIRET, is unique.
        siren = _digits(100_000_000 + (index * 7919) % 900_000_000, 9)
        nic = _digits(rng.integers(1, 99_999, n), 5)
        columns["siren"], columns["nic"] = siren, nic
        columns["siret"] = pc.binary_join_element_wise(siren, nic, "")

        if commune is not None:
            columns["codeCommuneEtablissement"] = _pick([commune], np.zeros(n, dtype=np.int32))
            is_local = np.ones(n, dtype=bool)
        else:
            is_local = (rng.random(n) < self.local_share) if local is None else np.full(n, local)
            elsewhere = pc.binary_join_element_wise(_digits(rng.integers(1, 96, n), 2),
                                                    _digits(rng.integers(1, 700, n), 3), "")
            elsewhere = pc.if_else(pc.is_in(elsewhere, value_set=pa.array(self.codes, STRING)),
                                   pa.scalar(self.fallback), elsewhere)
            here = _pick(self.codes, rng.choice(len(self.codes), n, p=self.weights))
            columns["codeCommuneEtablissement"] = _where(is_local, here, elsewhere)
        code = columns["codeCommuneEtablissement"]

        forced = commune is not None or naf is not None
        closed = np.zeros(n, dtype=bool) if forced else rng.random(n) < CLOSED_SHARE
        partial = np.zeros(n, dtype=bool) if forced else rng.random(n) < PARTIAL_DIFFUSION_SHARE
        old = closed & (rng.random(n) < OLD_NOMENCLATURE_SHARE)
        columns["etatAdministratifEtablissement"] = _where(closed, pa.scalar("F"), pa.scalar("A"))
        columns["statutDiffusionEtablissement"] = _where(partial, pa.scalar("P"), pa.scalar("O"))
        rev2 = (_pick([naf], np.zeros(n, dtype=np.int32)) if naf is not None
                else _pick(self.naf, rng.integers(0, len(self.naf), n)))
        rev1 = _pick(NAF_REV1_CODES, rng.integers(0, len(NAF_REV1_CODES), n))
        columns["activitePrincipaleEtablissement"] = _where(old, rev1, rev2)
        columns["nomenclatureActivitePrincipaleEtablissement"] = _where(old, pa.scalar("NAFRev1"),
                                                                        pa.scalar("NAFRev2"))
        columns["activitePrincipaleNAF25Etablissement"] = _where(~old & (rng.random(n) < NAF_2025_SHARE),
                                                                 rev2)

        bands, weights = zip(*HEADCOUNT_BANDS, strict=True)
        p = np.array(weights) / sum(weights)
        band = pa.array(list(bands), STRING).take(pa.array(rng.choice(len(bands), n, p=p)))
        employing = pc.fill_null(pc.is_in(band, value_set=pa.array(EMPLOYING_BANDS)), False)
        columns["trancheEffectifsEtablissement"] = band
        columns["anneeEffectifsEtablissement"] = pc.if_else(employing, pa.scalar("2023"), NULL)
        columns["caractereEmployeurEtablissement"] = pc.if_else(employing, pa.scalar("O"), pa.scalar("N"))

        created = pc.cast(pa.array(rng.integers(0, 20_000, n).astype(np.int32), pa.date32()), STRING)
        columns["dateCreationEtablissement"] = columns["dateDebut"] = created
        columns["dateDernierTraitementEtablissement"] = pc.binary_join_element_wise(
            created, pa.scalar("T03:12:45"), "")
        columns["etablissementSiege"] = _pick(["true", "false"], rng.integers(0, 2, n))
        columns["nombrePeriodesEtablissement"] = _digits(rng.integers(1, 7, n), 1)

        columns["numeroVoieEtablissement"] = _where(rng.random(n) < 0.85,
                                                    pc.cast(pa.array(rng.integers(1, 250, n)), STRING))
        columns["typeVoieEtablissement"] = _pick(STREET_TYPES, rng.integers(0, len(STREET_TYPES), n))
        columns["libelleVoieEtablissement"] = _pick(STREET_NAMES, rng.integers(0, len(STREET_NAMES), n))
        columns["codePostalEtablissement"] = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(code, 0, 2), _digits(rng.integers(0, 100, n) * 10, 3), "")
        columns["libelleCommuneEtablissement"] = pc.binary_join_element_wise(pa.scalar("COMMUNE"), code, " ")
        columns["coordonneeLambertAbscisseEtablissement"] = pc.cast(
            pa.array(rng.integers(100_000, 1_200_000, n)), STRING)
        columns["coordonneeLambertOrdonneeEtablissement"] = pc.cast(
            pa.array(rng.integers(6_050_000, 7_100_000, n)), STRING)
        signs = _pick(SIGN_NAMES, rng.integers(0, len(SIGN_NAMES), n))
        named = np.ones(n, dtype=bool) if forced else rng.random(n) < 0.3
        columns["enseigne1Etablissement"] = _where(named, signs)
        columns["denominationUsuelleEtablissement"] = _where(~named & (rng.random(n) < 0.1), signs)

        for name in HIDDEN_WHEN_PARTIAL:
            columns[name] = _where(partial, pa.scalar(NOT_DIFFUSED), columns.get(name, NULL))
        for name in HIDDEN_NAMES_WHEN_PARTIAL:
            columns[name] = pc.if_else(pc.and_(pa.array(partial), pc.is_valid(columns[name])),
                                       pa.scalar(NOT_DIFFUSED), columns[name])
        return columns

    def malformed_values(self, count: int) -> dict[str, pa.Array]:
        """Rows of the programme's communes whose SIRET (first half) or NAF code (second half) is bad."""
        columns = self.chunk(count, local=True)
        half = np.arange(count) < (count + 1) // 2
        columns["siret"] = _where(half, pc.utf8_slice_codeunits(columns["siret"], 0, 13), columns["siret"])
        no_dot = pc.replace_substring(columns["activitePrincipaleEtablissement"], ".", "")
        columns["activitePrincipaleEtablissement"] = _where(half, columns["activitePrincipaleEtablissement"],
                                                            no_dot)
        columns["nomenclatureActivitePrincipaleEtablissement"] = _pick(["NAFRev2"], np.zeros(count, int))
        return columns

    @staticmethod
    def table(columns: dict[str, pa.Array], n: int) -> pa.Table:
        return pa.table({name: columns.get(name, pa.nulls(n, STRING)) for name in SIRENE_COLUMNS})


def write_synthetic_file(path, rows: int, *, communes: Mapping[str, float] | Iterable[str], seed: int = 0,
                         fmt: str = "csv_zip", malformed: int = 0,
                         ensure_codes: Iterable[tuple[str, str, int]] = (), local_share: float = 0.02,
                         chunk_rows: int = CHUNK_ROWS) -> SyntheticSummary:
    """Writes `rows` data rows (all included) to `path`, as a zipped CSV, a CSV or a Parquet file.

    communes: the programme's INSEE codes, a list (equal weights) or {code: weight}; `local_share` of
    the rows fall there, the others elsewhere in France. ensure_codes: (NAF code, commune, count)
    triples of active, public establishments to add, e.g. bike repair shops in Loos. malformed: rows
    to spoil: in a CSV a third have a wrong number of fields; the rest, in the programme's communes,
    have a 13-digit SIRET or a NAF code without its dot (a Parquet file only gets the latter two).
    """
    if fmt not in {"csv_zip", "csv", "parquet"}:
        raise ValueError(f"Unknown format {fmt!r}")
    path = Path(path)
    ensure_codes = [(naf, commune, int(count)) for naf, commune, count in ensure_codes]
    extra = malformed + sum(count for _naf, _commune, count in ensure_codes)
    if rows < extra:
        raise ValueError("rows must cover the malformed and ensured rows")
    generator = _Generator(communes, seed, local_share)
    wrong_fields = malformed // 3 if fmt != "parquet" else 0
    spoiled = malformed - wrong_fields
    ordinary = rows - extra
    local_rows = 0

    def tables():
        nonlocal local_rows
        done, first = 0, True
        while done < ordinary or first:
            n = min(chunk_rows, ordinary - done)
            columns = generator.chunk(n)
            local_rows += pc.sum(pc.is_in(columns["codeCommuneEtablissement"],
                                          value_set=pa.array(generator.codes, STRING))).as_py() or 0
            yield generator.table(columns, n)
            done += n
            if first:
                # The special rows go after the first chunk: inside the file, not at its edges.
                first = False
                for naf, commune, count in ensure_codes:
                    local_rows += count
                    yield generator.table(generator.chunk(count, naf=naf, commune=commune), count)
                if spoiled:
                    local_rows += spoiled
                    yield generator.table(generator.malformed_values(spoiled), spoiled)
                if wrong_fields:
                    yield wrong_fields

    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        schema = pa.schema([(name, STRING) for name in SIRENE_COLUMNS])
        with pq.ParquetWriter(path, schema) as writer:
            for table in tables():
                if table.num_rows:
                    writer.write_table(table)
    elif fmt == "csv":
        with open(path, "wb") as stream:
            _write_csv(stream, tables())
    else:
        # Level 1 deflate: generating a benchmark file should not take longer than reading it.
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
                archive.open(CSV_MEMBER, "w", force_zip64=True) as stream:
            _write_csv(stream, tables())
    return SyntheticSummary(path=path, rows=rows, local_rows=local_rows, malformed=malformed)


def _write_csv(stream, tables):
    stream.write((",".join(SIRENE_COLUMNS) + "\n").encode())
    options = pcsv.WriteOptions(include_header=False, quoting_style="none")
    for table in tables:
        if isinstance(table, int):
            # Lines cut short: a SIRET, a status and a date, then nothing.
            stream.write(b"".join(b"%014d,O,2020-01-01\n" % i for i in range(table)))
        elif table.num_rows:
            pcsv.write_csv(table, stream, options)
