"""Inserting many rows at once: a plan of a programme stores hundreds of thousands of lines.

``bulk_create`` builds a model object per row; at 600,000 lines that costs more than solving the
plan. PostgreSQL takes the rows through COPY, other databases through ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import connection

BATCH = 20_000


def insert_rows(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order, column names as in the database) into ``model``'s
    table. Values go in as they are: no defaults, no signals, no validation; callers give them all."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    rows = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # Table and column names come from the model and are quoted; values are parameters.
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        while batch := list(islice(rows, BATCH)):
            cursor.executemany(sql, batch)
