"""backup_database then restore_database: every table comes back row for row.

The tables are compared by raw SQL, independently of the commands' own manifest: every table of the
database, every column, rows in primary key order.
"""

import gzip
import hashlib
import io
import json
import stat
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.api.models import ApiToken
from jobfactory.audit.log import record
from jobfactory.audit.models import AccessLog, Action
from jobfactory.people.models import Person
from jobfactory.staffing import services as staffing
from tests.conftest import hire, make_eligible, make_person

pytestmark = pytest.mark.django_db
NAME = "Vandenbusscheplume"


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of all its rows)}, by plain SQL over every table."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue  # the schema's history, not data: migrate writes it, not a restore
            key = connection.introspection.get_primary_key_column(cursor, table)
            order = quote(key) if key else "1"
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608 (introspected names)
            digest, rows = hashlib.sha256(), 0
            for row in cursor.fetchall():
                cells = [bytes(v).hex() if isinstance(v, bytes | memoryview) else str(v) for v in row]
                digest.update(json.dumps(cells).encode() + b"\n")
                rows += 1
            found[table] = (rows, digest.hexdigest())
    return found


@pytest.fixture
def filled(territory, employer, team_user):
    """A territory as it lives: people at every step, contracts, amendments, exits, skips, activities,
    access log lines, a machine token."""
    first = make_eligible(territory, team_user, date(2026, 2, 2), last_name=NAME)
    second = make_eligible(territory, team_user, date(2026, 2, 3), first_name="Zoé-Éléonore")
    third = make_eligible(territory, team_user, date(2026, 2, 4), skill_codes=["K2204"])
    make_person(territory, last_name="=cmd|' /C calc'!A0", home_latitude=Decimal("50.616"),
                home_longitude=Decimal("2.991"))
    contract = hire(first, employer, team_user, start=date(2026, 3, 2))
    staffing.amend(contract, effective_on=date(2026, 4, 1), weekly_hours=Decimal("26"),
                   written_request_on=date(2026, 3, 20), reason="demande", user=team_user)
    staffing.skip(second, on=date(2026, 3, 3), reason="unavailable", note="en formation", user=team_user)
    later = hire(third, employer, team_user, start=date(2026, 3, 9), hours=Decimal("24"),
                 written_request_on=date(2026, 3, 1))
    staffing.end_contract(later, end_on=date(2026, 5, 31), reason="other", note="déménagement",
                          user=team_user)
    activity = Activity.objects.create(territory=territory, employer=employer, title="Atelier vélo",
                                       description="Réparation", naf_codes=["95.29Z"],
                                       customers=["residents"])
    SkillNeed.objects.create(activity=activity, rome_code="I1607", hours_per_week=Decimal("35"))
    record(team_user, Action.VIEW, first, detail="test")
    ApiToken.issue(team_user, "tableau de bord")
    assert AccessLog.objects.count() > 5


def test_round_trip_loses_nothing(filled, territory, tmp_path):
    before = table_fingerprints()
    assert sum(rows for rows, _ in before.values()) > 100
    path = tmp_path / "sauvegarde.json.gz"
    out = io.StringIO()
    call_command("backup_database", str(path), stdout=out)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert NAME not in out.getvalue()
    assert NAME in gzip.decompress(path.read_bytes()).decode()  # the file does hold the people

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own transaction still has checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Person.objects.exists() and not AccessLog.objects.exists()
    out = io.StringIO()
    call_command("restore_database", str(path), stdout=out)
    assert NAME not in out.getvalue()
    assert table_fingerprints() == before
    # Sequences follow the restored rows: the next row gets a new key, not a collision.
    top = max(Person.objects.values_list("pk", flat=True))
    assert make_person(territory).pk > top


def test_restore_refuses_a_database_in_use_and_a_tampered_file(filled, tmp_path):
    path = tmp_path / "sauvegarde.json.gz"
    call_command("backup_database", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--force"):
        call_command("restore_database", str(path))
    before = table_fingerprints()
    content = json.loads(gzip.decompress(path.read_bytes()))
    content["objects"] = [o for o in content["objects"] if o["model"] != "audit.accesslog"]
    tampered = tmp_path / "incomplete.json.gz"
    tampered.write_bytes(gzip.compress(json.dumps(content).encode()))
    with pytest.raises(CommandError, match="audit.AccessLog"):
        call_command("restore_database", str(tampered), "--force")
    assert table_fingerprints() == before  # the failed restore rolled back whole
    call_command("restore_database", str(path), "--force", stdout=io.StringIO())
    assert table_fingerprints() == before
