"""Loads the SIRENE establishment file into a programme's live establishments, all or nothing.

The rows go first to a staging table, tagged with their import; only when the whole file has been read
does one transaction replace the programme's live rows by the staged ones (DELETE, then INSERT ...
SELECT, plain SQL that SQLite and PostgreSQL both run). A refresh that fails, at any point, leaves the
previous live rows as they were.

Unlike the registry imports, a SIRENE file with bad rows is not refused: the national file always holds
a few, and refusing it would leave the evidence stale for a defect in a commune far away. The bad rows
are skipped, counted and sampled on the SireneImport for the record.

Duplicate SIRETs (the stock file has one row per establishment, so a repeat means a damaged file): the
last row in the file wins, and each earlier one is counted as malformed, with the reason.
"""

from collections.abc import Iterable
from itertools import repeat
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.establishments.enums import ImportStatus
from jobfactory.establishments.models import Establishment, SireneImport, StagedEstablishment
from jobfactory.establishments.reader import (
    OUTPUT_COLUMNS,
    KeptBatch,
    ProgressCallback,
    SireneFormatError,
    SireneReader,
    detect_format,
)
from jobfactory.territories.models import Programme

FLUSH_ROWS = 5_000  # staged rows written per transaction: few commits, bounded memory
DELETE_CHUNK = 500


def clean_communes(communes: Iterable[str]) -> set[str]:
    return {str(code).strip() for code in communes if str(code).strip()}


def programme_commune_codes(programme) -> set[str]:
    """The INSEE codes an import keeps for a programme: its territories' communes and those around."""
    return clean_communes(programme.commune_codes())


def import_sirene(path, programme, *, communes: Iterable[str] | None = None, user=None,
                  progress: ProgressCallback | None = None) -> SireneImport:
    """Imports the file for the programme and returns the succeeded SireneImport.

    communes: the INSEE codes to keep; by default the programme's (programme_commune_codes).
    A file with no valid row in these communes is refused, rather than emptying the evidence.
    On failure the SireneImport is saved as failed with the French message, the staged rows are
    deleted, the live rows stay as they were, and the exception is raised again: a caller cannot take
    a failed refresh for a done one.
    """
    path = Path(path)
    communes = programme_commune_codes(programme) if communes is None else clean_communes(communes)
    if not communes:
        raise SireneFormatError(_("Aucune commune à retenir : indiquez les communes du programme."))
    record = SireneImport.objects.create(
        programme=programme, source_name=path.name, format=detect_format(path),
        started_at=timezone.now(), imported_by=user if user is not None and user.pk else None)
    reader = None
    try:
        with SireneReader(path, communes, progress=progress) as reader:
            _stage(record, reader)
        if not reader.report.rows_kept:
            # Wrong communes or a truncated file, far likelier than a programme without any business.
            raise SireneFormatError(_("Aucun établissement valide dans les communes retenues : l'import est "
                                      "refusé et les établissements précédents sont conservés."))
        _swap(record, reader.report)
    except BaseException as error:
        _fail(record, error, reader.report if reader else None)
        raise
    return record


def _stage(record: SireneImport, batches: Iterable[KeptBatch]):
    pending: list[KeptBatch] = []
    size = 0
    for batch in batches:
        if batch.superseded:
            # The earlier rows of these SIRETs must be in the table to be deleted.
            _write(record, pending)
            pending, size = [], 0
            _delete_staged(record, batch.superseded)
        pending.append(batch)
        size += batch.table.num_rows
        if size >= FLUSH_ROWS:
            _write(record, pending)
            pending, size = [], 0
    _write(record, pending)


def _quoted(model, names) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


STAGED_FIELDS = ("programme", "sirene_import", *OUTPUT_COLUMNS)


def _write(record: SireneImport, batches: list[KeptBatch]):
    if not batches:
        return
    table = connection.ops.quote_name(StagedEstablishment._meta.db_table)
    columns = _quoted(StagedEstablishment, STAGED_FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for batch in batches:
            rows = _rows(record, batch)
            if connection.vendor == "postgresql" and hasattr(raw, "copy"):
                # COPY (psycopg 3) is an order of magnitude faster than INSERTs on PostgreSQL.
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                # Table and column names come from the models' metadata, quoted; the values are parameters.
                placeholders = ", ".join(["%s"] * len(STAGED_FIELDS))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                                   rows)


def _rows(record: SireneImport, batch: KeptBatch) -> list[tuple]:
    # The kept rows only (a few hundred per block of the national file) become Python values.
    columns = [batch.table.column(name).to_pylist() for name in OUTPUT_COLUMNS]
    n = batch.table.num_rows
    return list(zip(repeat(record.programme_id, n), repeat(record.pk, n), *columns, strict=False))


def _delete_staged(record: SireneImport, sirets):
    sirets = sorted(sirets)
    for start in range(0, len(sirets), DELETE_CHUNK):
        StagedEstablishment.objects.filter(sirene_import=record,
                                           siret__in=sirets[start:start + DELETE_CHUNK]).delete()


def _swap(record: SireneImport, report):
    live = connection.ops.quote_name(Establishment._meta.db_table)
    staged = connection.ops.quote_name(StagedEstablishment._meta.db_table)
    import_column = connection.ops.quote_name(StagedEstablishment._meta.get_field("sirene_import").column)
    with transaction.atomic():
        # Two refreshes of one programme swap one after the other (PostgreSQL; SQLite locks the file).
        Programme.objects.select_for_update().filter(pk=record.programme_id).first()
        Establishment.objects.filter(programme_id=record.programme_id).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {live} ({_quoted(Establishment, STAGED_FIELDS)}) "  # noqa: S608
                f"SELECT {_quoted(StagedEstablishment, STAGED_FIELDS)} FROM {staged} "
                f"WHERE {import_column} = %s", [record.pk])
        SireneImport.objects.filter(programme_id=record.programme_id, is_current=True).update(
            is_current=False)
        _set_counts(record, report)
        record.status = ImportStatus.SUCCEEDED
        record.is_current = True
        record.finished_at = timezone.now()
        record.save()
        StagedEstablishment.objects.filter(sirene_import=record).delete()


def _set_counts(record: SireneImport, report):
    if report is None:
        return
    record.rows_read = report.rows_read
    record.rows_kept = report.rows_kept
    record.rows_malformed = report.rows_malformed
    record.malformed_samples = list(report.samples)


def _fail(record: SireneImport, error: BaseException, report):
    StagedEstablishment.objects.filter(sirene_import=record).delete()
    _set_counts(record, report)
    record.rows_kept = 0
    record.status = ImportStatus.FAILED
    record.is_current = False
    record.finished_at = timezone.now()
    if isinstance(error, SireneFormatError):
        record.error = str(error)
    elif isinstance(error, KeyboardInterrupt):
        record.error = _("Import interrompu avant la fin : les établissements précédents sont conservés.")
    else:
        record.error = _("L'import a échoué (%(kind)s : %(error)s) : les établissements précédents sont "
                         "conservés.") % {"kind": type(error).__name__, "error": error}
    record.save()
