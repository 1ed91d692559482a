"""Streams the SIRENE establishment file (StockEtablissement) and keeps the programme's communes.

No Django import: the importer, the command's dry run and the benchmark all drive it. The national file
is about 40 million rows, over 8 GB unzipped, so it is never loaded whole nor extracted: pyarrow reads
the CSV member of the zip through a file object, block by block, or the Parquet file batch by batch, and
every test runs on whole columns (pyarrow.compute), never row by row in Python.
"""

import bisect
import csv
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from jobfactory.establishments.streams import CountingReader, ProgressCallback
from jobfactory.referentials.naf import SUBCLASS_PATTERN

# The StockEtablissement columns, in the file's order. Source: INSEE, « Description du fichier
# StockEtablissement » (sirene.fr / data.gouv.fr, base Sirene des entreprises et de leurs établissements),
# order cross-checked against the Sirene API 3.11 CSV output, which mirrors the stock file's blocks;
# activitePrincipaleNAF25Etablissement was appended to the stock files in December 2025 (INSEE, Sirene
# open data news), ahead of the switch to NAF 2025 on 1 January 2027. The reader picks columns by name,
# so this order only matters to the files we write (synthetic data, test sample).
SIRENE_COLUMNS = (
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement",
    "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement", "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement",
    "libelleCommuneEtablissement", "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement", "codeCommuneEtablissement", "codeCedexEtablissement",
    "libelleCedexEtablissement", "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement", "numeroVoie2Etablissement", "indiceRepetition2Etablissement",
    "typeVoie2Etablissement", "libelleVoie2Etablissement", "codePostal2Etablissement",
    "libelleCommune2Etablissement", "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement", "codeCommune2Etablissement", "codeCedex2Etablissement",
    "libelleCedex2Etablissement", "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement",
    "dateDebut", "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
)
COMMUNE = "codeCommuneEtablissement"
NAF25 = "activitePrincipaleNAF25Etablissement"
REQUIRED_COLUMNS = (
    "siret", "statutDiffusionEtablissement", "dateCreationEtablissement", "trancheEffectifsEtablissement",
    "numeroVoieEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement",
    "codePostalEtablissement", COMMUNE, "etatAdministratifEtablissement", "enseigne1Etablissement",
    "denominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
)
# Files published before December 2025 lack the NAF 2025 column: their establishments get a blank code.
OPTIONAL_COLUMNS = (NAF25,)

# Micro-establishment: a headcount band below 10 employees. NN: no employee (or presumed so, no
# declaration received); 00: none at 31 December; 01: 1-2; 02: 3-5; 03: 6-9. The file only has the
# establishment's band, not a headcount; an empty (unknown) band is not micro.
MICRO_HEADCOUNT_BANDS = ("NN", "00", "01", "02", "03")
NAF_CODE_PATTERN = SUBCLASS_PATTERN.pattern
SIRET_PATTERN = r"^\d{14}$"
NOT_DIFFUSED = "[ND]"  # what INSEE writes in the hidden fields of a partially diffused establishment
NAF_REV2 = "NAFRev2"
STATES = pa.array(["A", "F"])  # etatAdministratifEtablissement: actif, fermé
DUPLICATE_REASON = "SIRET en double : seule la dernière ligne du fichier est retenue"

# The normalised columns the reader yields: the establishment model's field names.
OUTPUT_COLUMNS = ("siret", "naf_rev2", "naf_2025", "commune_code", "is_active", "is_micro",
                  "address_is_public", "name", "street", "postcode", "created_on", "headcount_band")
MAX_LENGTHS = {"name": 200, "street": 300, "postcode": 5}

DEFAULT_BLOCK_SIZE = 4 << 20  # a few MB of CSV per block keeps memory flat whatever the file size
PARQUET_BATCH_ROWS = 64 * 1024
READ_AHEAD_CHUNKS = 8  # at most this many MB inflated ahead of the parser
MAX_SAMPLES = 20
MAX_SAMPLES_PER_KIND = 5  # so that one frequent fault does not hide the others
# Line numbers of the field-count errors are kept to number the later bad rows exactly; past this many
# the file is garbage anyway and the samples already say so.
MAX_TRACKED_BAD_LINES = 100_000


class SireneFormatError(ValueError):
    """The file cannot be read as a SIRENE establishment file; the message is for the user, in French."""


@dataclass
class ReadReport:
    """Running counts; `samples` holds a few bad rows ({reason, line or row, siret}), a few per kind."""

    rows_read: int = 0
    rows_kept: int = 0
    rows_malformed: int = 0
    samples: list[dict] = field(default_factory=list)
    max_samples: int = MAX_SAMPLES
    _per_kind: Counter = field(default_factory=Counter, repr=False)

    def room(self, kind: str) -> int:
        """How many more samples of this kind are wanted."""
        return max(0, min(self.max_samples - len(self.samples), MAX_SAMPLES_PER_KIND - self._per_kind[kind]))

    def add_sample(self, kind: str, reason: str, *, line=None, row=None, siret=""):
        if not self.room(kind):
            return
        self._per_kind[kind] += 1
        sample = {"reason": reason}
        if line is not None:
            sample["line"] = line
        if row is not None:
            sample["row"] = row
        if siret:
            sample["siret"] = siret
        self.samples.append(sample)


@dataclass(frozen=True)
class KeptBatch:
    """Normalised, valid rows of the programme's communes; `superseded` lists the SIRETs met in an
    earlier batch that these rows replace (the file's last occurrence wins)."""

    table: pa.Table
    superseded: frozenset[str]


def detect_format(path) -> str:
    suffix = Path(path).suffix.lower()
    formats = {".zip": "csv_zip", ".csv": "csv", ".parquet": "parquet"}
    if suffix not in formats:
        raise SireneFormatError(
            f"Format de fichier non reconnu ({suffix or 'sans extension'}) : un fichier .zip contenant "
            f"le CSV, un fichier .csv ou un fichier .parquet est attendu.")
    return formats[suffix]


def check_columns(names) -> tuple[str, ...]:
    """The columns to read, or a French error naming the missing required ones."""
    present = set(names)
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if missing:
        raise SireneFormatError(
            "Ce fichier n'a pas le format du fichier SIRENE des établissements (StockEtablissement) : "
            f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}.")
    return REQUIRED_COLUMNS + tuple(name for name in OPTIONAL_COLUMNS if name in present)


# What a damaged file raises from below the reader: a broken zip or deflate stream, bytes that are not
# UTF-8, a CSV that pyarrow cannot split into rows, a Parquet column that does not read as text.
DAMAGED_FILE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, csv.Error,
                       pa.ArrowException)


@contextmanager
def _damaged_file(path: Path):
    """Turns the low-level errors of a damaged file into the refusal the user reads (no file content)."""
    try:
        yield
    except DAMAGED_FILE_ERRORS as error:
        detail = str(error)
        if isinstance(error, UnicodeDecodeError) or "UTF8" in detail or "UTF-8" in detail:
            reason = "il n'est pas encodé en UTF-8, l'encodage des fichiers SIRENE de l'INSEE"
        elif isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
            reason = "l'archive zip est endommagée ou incomplète"
        elif "straddle" in detail:
            reason = "une ligne est démesurée (plusieurs Mo), signe d'un fichier endommagé"
        elif isinstance(error, pa.ArrowNotImplementedError | pa.ArrowTypeError):
            reason = "une colonne n'a pas un type lisible comme du texte"
        else:
            reason = "il est endommagé (guillemet non fermé, ligne coupée) ou n'est pas un fichier CSV"
        raise SireneFormatError(f"Fichier illisible ({path.name}) : {reason}. L'import est refusé et les "
                                f"établissements précédents sont conservés.") from error


class SireneReader:
    """Iterate to get KeptBatch objects; `report` holds the running counts. Use as a context manager."""

    def __init__(self, path, communes, *, progress: ProgressCallback | None = None,
                 block_size: int = DEFAULT_BLOCK_SIZE, max_samples: int = MAX_SAMPLES):
        self.path = Path(path)
        self.format = detect_format(self.path)
        if not self.path.is_file():
            raise SireneFormatError(f"Fichier introuvable : {self.path}")
        self.communes = pa.array(sorted({str(code).strip() for code in communes if str(code).strip()}),
                                 pa.string())
        self.report = ReadReport(max_samples=max_samples)
        self._progress, self._block_size = progress, block_size
        self._seen: set[str] = set()
        self._bad_lines: list[int] = []
        self._closers = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        while self._closers:
            self._closers.pop().close()

    def __iter__(self) -> Iterator[KeptBatch]:
        batches = self._parquet_batches() if self.format == "parquet" else self._csv_batches()
        while True:
            # Only the reading is guarded: an error in our own checks below stays a bug, not a bad file.
            with _damaged_file(self.path):
                item = next(batches, None)
            if item is None:
                break
            kept = self._keep(*item)
            if kept is not None:
                yield kept
        self.report.rows_kept = len(self._seen)

    # -- sources: each yields (record batch of raw string columns, index of its first data row)

    def _open_csv_stream(self):
        """(binary stream of the CSV text, its size in bytes)."""
        if self.format == "csv":
            return open(self.path, "rb"), self.path.stat().st_size  # closed by close()
        try:
            archive = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as error:
            raise SireneFormatError(f"Archive zip illisible : {self.path.name}.") from error
        self._closers.append(archive)
        members = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
        if len(members) != 1:
            raise SireneFormatError(
                f"L'archive {self.path.name} doit contenir un seul fichier CSV ({len(members)} trouvé(s)).")
        return archive.open(members[0]), members[0].file_size

    def _csv_header(self) -> list[str]:
        stream, _size = self._open_csv_stream()
        with stream:
            first = stream.readline(1 << 20).decode("utf-8-sig", errors="replace")
        if not first.strip():
            raise SireneFormatError(f"Le fichier {self.path.name} est vide.")
        return [name.strip() for name in next(csv.reader([first]))]

    def _csv_batches(self):
        header = self._csv_header()
        columns = check_columns(header)
        stream, size = self._open_csv_stream()
        counted = CountingReader(stream, size, self._progress,
                                  prefetch=READ_AHEAD_CHUNKS if self.format == "csv_zip" else 0)
        self._closers.extend([stream, counted])
        reader = pcsv.open_csv(
            counted,
            # Our own names, so a byte-order mark or quotes around the header change nothing.
            read_options=pcsv.ReadOptions(column_names=header, skip_rows=1, block_size=self._block_size,
                                          use_threads=False),
            parse_options=pcsv.ParseOptions(invalid_row_handler=self._invalid_row),
            convert_options=pcsv.ConvertOptions(
                include_columns=list(columns), column_types=dict.fromkeys(columns, pa.string()),
                strings_can_be_null=True, quoted_strings_can_be_null=True))
        # Closed first (close() pops): pyarrow's read-ahead must stop before the stream it reads.
        self._closers.append(reader)
        offset = 0
        for batch in reader:
            yield batch, offset
            offset += batch.num_rows

    def _invalid_row(self, row) -> str:
        report = self.report
        report.rows_read += 1
        report.rows_malformed += 1
        if row.number is not None and len(self._bad_lines) < MAX_TRACKED_BAD_LINES:
            self._bad_lines.append(row.number)
        report.add_sample(
            "fields", f"nombre de champs incorrect : {row.actual_columns} au lieu de {row.expected_columns}",
            line=row.number)
        return "skip"

    def _parquet_batches(self):
        try:
            parquet = pq.ParquetFile(self.path)
        except (pa.ArrowInvalid, OSError) as error:
            raise SireneFormatError(f"Fichier Parquet illisible : {self.path.name}.") from error
        self._closers.append(parquet)
        columns = check_columns(parquet.schema_arrow.names)
        groups = parquet.num_row_groups
        offset = 0
        for group in range(groups):
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group],
                                              columns=list(columns), use_threads=True):
                batch = _as_strings(batch)
                yield batch, offset
                offset += batch.num_rows
            if self._progress:
                self._progress(group + 1, groups)

    # -- filtering, checks and normalisation, on whole columns

    def _keep(self, batch: pa.RecordBatch, offset: int) -> KeptBatch | None:
        report = self.report
        report.rows_read += batch.num_rows
        mask = pc.is_in(batch.column(COMMUNE), value_set=self.communes)
        if not pc.any(mask).as_py():
            return None
        positions = pc.indices_nonzero(mask)
        table = pa.Table.from_batches([batch.filter(mask)])
        valid = self._check(table, positions, offset)
        table = table.filter(valid)
        if table.num_rows == 0:
            return None
        table, superseded = self._deduplicate(table)
        return KeptBatch(_normalise(table), superseded)

    def _check(self, table: pa.Table, positions: pa.Array, offset: int) -> pa.Array:
        """The rows fit to keep; counts the others and samples a few of them, with their reason."""
        naf25 = table.column(NAF25) if NAF25 in table.column_names else pa.nulls(len(table), pa.string())
        checks = [
            ("siret", pc.match_substring_regex(table.column("siret"), SIRET_PATTERN),
             lambda row: f"SIRET invalide (14 chiffres attendus) : « {row['siret'] or ''} »"),
            ("naf_rev2", _blank_or_matches(_naf_rev2(table), NAF_CODE_PATTERN),
             lambda row: f"code NAF rév. 2 invalide : « {row['activitePrincipaleEtablissement']} »"),
            ("naf_2025", _blank_or_matches(naf25, NAF_CODE_PATTERN),
             lambda row: f"code NAF 2025 invalide : « {row.get(NAF25)} »"),
            ("state", pc.is_in(table.column("etatAdministratifEtablissement"), value_set=STATES),
             lambda row: "état administratif inconnu (A ou F attendu) : "
                         f"« {row['etatAdministratifEtablissement'] or ''} »"),
        ]
        valid = pa.array(np.ones(len(table), dtype=bool))
        for kind, passed, reason in checks:
            passed = pc.fill_null(passed, False)
            failing = pc.and_(valid, pc.invert(passed))  # a row is counted once, for its first fault
            valid = pc.and_(valid, passed)
            for index in pc.indices_nonzero(failing).to_pylist()[:self.report.room(kind)]:
                row = table.slice(index, 1).to_pylist()[0]
                self._sample_for(kind, reason(row), offset + positions[index].as_py(), row["siret"] or "")
        self.report.rows_malformed += len(table) - (pc.sum(valid).as_py() or 0)
        return valid

    def _sample_for(self, kind: str, reason: str, data_index: int, siret: str):
        if self.format == "parquet":
            self.report.add_sample(kind, reason, row=data_index + 1, siret=siret)
            return
        if len(self._bad_lines) >= MAX_TRACKED_BAD_LINES:
            self.report.add_sample(kind, reason, siret=siret)
            return
        # The file's line: header + valid records before it + the skipped malformed lines before it.
        skipped = 0
        while True:
            line = data_index + 2 + skipped
            now = bisect.bisect_left(self._bad_lines, line)
            if now == skipped:
                break
            skipped = now
        self.report.add_sample(kind, reason, line=line, siret=siret)

    def _deduplicate(self, table: pa.Table) -> tuple[pa.Table, frozenset[str]]:
        """Keeps a SIRET's last row: within this batch here, across batches through `superseded`."""
        sirets = table.column("siret").to_pylist()  # the kept rows only, a few hundred per block
        unique = set(sirets)
        duplicates = len(sirets) - len(unique)
        if duplicates:
            counts = pc.value_counts(table.column("siret"))
            repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
            for siret in sorted(repeated.to_pylist())[:self.report.room("duplicate")]:
                self.report.add_sample("duplicate", DUPLICATE_REASON, siret=siret)
            indexed = table.append_column("_position", pa.array(np.arange(len(table))))
            last = indexed.group_by("siret", use_threads=False).aggregate([("_position", "max")])
            table = table.take(np.sort(last.column("_position_max").to_numpy()))
        superseded = frozenset(self._seen & unique)
        self._seen |= unique
        self.report.rows_malformed += duplicates + len(superseded)
        for siret in sorted(superseded)[:self.report.room("duplicate")]:
            self.report.add_sample("duplicate", DUPLICATE_REASON, siret=siret)
        return table, superseded


def _as_strings(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Parquet columns may be typed (dates, booleans, dictionaries): every field is read as text."""
    arrays = [column if column.type == pa.string() else pc.cast(column, pa.string())
              for column in batch.columns]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def _blank(column):
    """Nulls for empty text and INSEE's "[ND]" placeholder, so both read as missing."""
    missing = pc.or_kleene(pc.equal(pc.utf8_trim_whitespace(column), ""), pc.equal(column, NOT_DIFFUSED))
    return pc.if_else(pc.fill_null(missing, False), pa.scalar(None, pa.string()), column)


def _naf_rev2(table: pa.Table):
    """The main activity when it is coded in NAF rev. 2; older nomenclatures (NAFRev1, NAP) give null."""
    is_rev2 = pc.fill_null(pc.equal(table.column("nomenclatureActivitePrincipaleEtablissement"), NAF_REV2),
                           False)
    return pc.if_else(is_rev2, _blank(table.column("activitePrincipaleEtablissement")),
                      pa.scalar(None, pa.string()))


def _blank_or_matches(column, pattern):
    column = _blank(column)
    return pc.or_kleene(pc.is_null(column), pc.match_substring_regex(column, pattern))


def _normalise(table: pa.Table) -> pa.Table:
    def text(name):
        # PostgreSQL refuses NUL in text, and no register value holds one: a damaged byte, dropped.
        return _blank(pc.replace_substring(table.column(name), "\x00", ""))

    public = pc.fill_null(pc.not_equal(table.column("statutDiffusionEtablissement"), "P"), True)
    hidden = pa.scalar(None, pa.string())

    def detail(value, length):
        return pc.fill_null(pc.utf8_slice_codeunits(pc.if_else(public, value, hidden), 0, length), "")

    band = text("trancheEffectifsEtablissement")
    naf25 = text(NAF25) if NAF25 in table.column_names else pa.nulls(len(table), pa.string())
    # null_handling="skip" would be the natural choice, but pyarrow 26 returns a shorter array with it.
    street = pc.binary_join_element_wise(
        text("numeroVoieEtablissement"), text("typeVoieEtablissement"), text("libelleVoieEtablissement"),
        " ", null_handling="replace", null_replacement="")
    street = pc.utf8_trim_whitespace(pc.replace_substring_regex(street, " {2,}", " "))
    created = pc.strptime(text("dateCreationEtablissement"), format="%Y-%m-%d", unit="s", error_is_null=True)
    columns = {
        "siret": table.column("siret"),
        "naf_rev2": pc.fill_null(_naf_rev2(table), ""),
        "naf_2025": pc.fill_null(naf25, ""),
        "commune_code": table.column(COMMUNE),
        "is_active": pc.fill_null(pc.equal(table.column("etatAdministratifEtablissement"), "A"), False),
        "is_micro": pc.fill_null(pc.is_in(band, value_set=pa.array(MICRO_HEADCOUNT_BANDS)), False),
        "address_is_public": public,
        "name": detail(pc.coalesce(text("enseigne1Etablissement"), text("denominationUsuelleEtablissement")),
                       MAX_LENGTHS["name"]),
        "street": detail(street, MAX_LENGTHS["street"]),
        "postcode": detail(text("codePostalEtablissement"), MAX_LENGTHS["postcode"]),
        "created_on": pc.cast(created, pa.date32()),
        "headcount_band": pc.fill_null(pc.utf8_slice_codeunits(band, 0, 2), ""),
    }
    return pa.table(columns)


def read_report(path, communes, *, progress: ProgressCallback | None = None) -> ReadReport:
    """Reads the whole file for its counts only: the dry run."""
    with SireneReader(path, communes, progress=progress) as reader:
        for _batch in reader:
            pass
    return reader.report
