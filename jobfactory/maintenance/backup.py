"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

The file is gzip'd JSON: the applied migrations (a backup restores only into the same schema), every
row of every model through Django's serializers, and a manifest of each table's row count and
checksum. A restore empties the tables, loads the rows, resets the PostgreSQL sequences and
recomputes the manifest, all in one transaction: a file that does not load back identically leaves
the database as it was.

The file holds every personal record in clear: it is written readable by its owner only (0600), and
must be kept like the database itself. Nothing here prints a row, only table names and counts.
"""

import gzip
import hashlib
import json
import os
import uuid
from datetime import date, datetime, time
from decimal import Decimal

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1


class _Encoder(DjangoJSONEncoder):
    """Microseconds kept: DjangoJSONEncoder cuts times to milliseconds (ECMA-262), a restore must not."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be restored here; the message is for the user, in French."""


def _models():
    """Every concrete model, the many-to-many tables included, in a stable order."""
    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _normal(value):
    """One spelling per value, whatever the database returned it as."""
    if isinstance(value, datetime):
        return (timezone.make_aware(value) if timezone.is_naive(value) else value).isoformat()
    if isinstance(value, date | time | uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def table_manifest(model) -> dict:
    """The row count and sha256 of a model's rows, all concrete columns, in primary key order."""
    columns = [field.attname for field in model._meta.concrete_fields]
    digest, rows = hashlib.sha256(), 0
    for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
        digest.update(json.dumps([_normal(v) for v in row], sort_keys=True, default=str).encode())
        digest.update(b"\n")
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def manifest() -> dict[str, dict]:
    return {model._meta.label: table_manifest(model) for model in _models()}


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def write_backup(path) -> dict[str, dict]:
    """Writes the backup to `path` (mode 0600) and returns its manifest."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent view of every table (PostgreSQL: one snapshot)
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        objects = []
        for model in _models():
            # The many-to-many tables as rows of their own, so that their keys come back too.
            objects += serializers.serialize("python", model._base_manager.order_by("pk"))
        content = {"format": FORMAT, "created_at": timezone.now().isoformat(),
                   "migrations": applied_migrations(), "manifest": manifest(), "objects": objects}
    # Created 0600 before a byte is written: never readable by others, not even for an instant.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_CREAT
    with os.fdopen(descriptor, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
        out.write(json.dumps(content, cls=_Encoder).encode())
    return content["manifest"]


def read_backup(path) -> dict:
    try:
        with gzip.open(path, "rb") as source:
            content = json.loads(source.read())
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(_("Fichier de sauvegarde illisible : %(error)s")
                          % {"error": type(error).__name__}) from error
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise BackupError(_("Ce fichier n'est pas une sauvegarde jobfactory (format %(format)s attendu).")
                          % {"format": FORMAT})
    return content


def in_use() -> bool:
    """Whether the database holds data of its own: a freshly migrated one has no user and nobody."""
    from django.contrib.auth import get_user_model

    from jobfactory.people.models import Person
    from jobfactory.territories.models import Programme
    return any(model._base_manager.exists() for model in (get_user_model(), Person, Programme))


def restore_backup(path, *, force=False) -> dict[str, dict]:
    """Replaces every table's rows by the backup's, in one transaction; returns the manifest checked."""
    content = read_backup(path)
    if content["migrations"] != applied_migrations():
        raise BackupError(_("La sauvegarde a été faite avec un autre état des migrations : appliquez les "
                            "mêmes migrations (manage.py migrate) avant de la restaurer."))
    if in_use() and not force:
        raise BackupError(_("La base contient déjà des données (utilisateurs, volontaires ou programmes) : "
                            "restaurez dans une base vide et migrée, ou passez --force pour tout remplacer."))
    models = _models()
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with foreign key checks still pending in this transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # Also empties what migrate wrote (content types, permissions, rule sets): the file has them.
            tables = [m._meta.db_table for m in models]
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # rows load in any order, checked at the end
        with connection.constraint_checks_disabled():
            # Raw saves, as loaddata does: models that refuse updates (the access log) load all the same.
            for item in serializers.deserialize("python", content["objects"], handle_forward_references=True):
                item.m2m_data = None  # loaded from the many-to-many tables' own rows, keys and all
                item.save()
        connection.check_constraints(table_names=tables)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        found = manifest()
        wrong = sorted(label for label, expected in content["manifest"].items()
                       if found.get(label) != expected)
        if wrong:
            raise BackupError(_("La restauration ne redonne pas les mêmes données pour %(tables)s : rien n'a "
                                "été modifié.") % {"tables": ", ".join(wrong)})
    return found
