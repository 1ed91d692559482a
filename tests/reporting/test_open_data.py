"""Open data: no small count published, and nothing suppressed recoverable from what is published,
checked from the published file alone (as a reader would), with plain linear algebra."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from jobfactory.reporting import open_data
from jobfactory.staffing import services as staffing
from tests.conftest import hire, make_eligible, make_person

pytestmark = pytest.mark.django_db
COUNTS = list(open_data.COUNTS)
TODAY = date(2026, 7, 10)


@pytest.fixture
def var_dir(tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def published(var_dir, programme, territory, other_territory, employer, team_user):
    """Small counts everywhere: 2 territories, a handful of hires and one exit."""
    employer.territories.add(other_territory)
    hired = [make_eligible(territory, team_user, date(2026, 1, 14 + i)) for i in range(7)]
    for person in hired[:6]:
        hire(person, employer, team_user, start=date(2026, 3, 2), hours=Decimal("35"))
    staffing.end_contract(hired[0].contracts.get(), end_on=date(2026, 5, 31), reason="resignation",
                          note="", user=team_user)
    for i in range(3):
        hire(make_eligible(other_territory, team_user, date(2026, 1, 20 + i)), employer, team_user,
             start=date(2026, 4, 1), hours=Decimal("30"))
    for _ in range(4):
        make_person(other_territory)
    return open_data.publish(programme, TODAY)


def _rows(var_dir, programme):
    text = (open_data.directory(programme) / "indicateurs-mensuels.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_no_published_count_is_between_1_and_4(published, var_dir, programme):
    rows = _rows(var_dir, programme)
    assert rows and {r["mois"] for r in rows} == {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05",
                                                   "2026-06"}  # complete months only
    for row in rows:
        for column in COUNTS:
            assert row[column] == "" or not 1 <= int(row[column]) <= 4, (row, column)
    assert published.primary > 0


def test_nothing_suppressed_can_be_recovered_from_the_published_file(published, var_dir, programme):
    rows = _rows(var_dir, programme)
    cells, relations = {}, []
    for row in rows:
        for column in COUNTS:
            cells[(row["territoire_id"], row["mois"], column)] = row[column]
    months = sorted({r["mois"] for r in rows})
    territories = sorted({r["territoire_id"] for r in rows} - {"total"})
    for month in months:
        for column in COUNTS:
            relations.append({("total", month, column): 1,
                              **{(t, month, column): -1 for t in territories if (t, month, column) in cells}})
    for t in territories:
        for i, month in enumerate(months):
            terms = {(t, month, "salaries"): 1, (t, month, "embauches"): -1, (t, month, "sorties"): 1}
            if i:
                terms[(t, months[i - 1], "salaries")] = -1
            relations.append(terms)
    hidden = sorted(key for key, value in cells.items() if value == "")
    assert hidden
    column_of = {key: j for j, key in enumerate(hidden)}
    matrix = np.array([[terms.get(key, 0) for key in hidden] for terms in relations], dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    for key, j in column_of.items():
        unit = np.zeros(len(hidden))
        unit[j] = 1
        # Recoverable iff the unit vector is in the row space of the hidden cells' relations.
        assert np.linalg.matrix_rank(np.vstack([matrix, unit])) > rank, key


def test_the_files_agree_with_their_schema(published, var_dir, programme):
    folder = open_data.directory(programme)
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    csv_text = (folder / "indicateurs-mensuels.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].split(",") == [field["name"] for field in schema["fields"]]
    document = json.loads((folder / "indicateurs-mensuels.json").read_text(encoding="utf-8"))
    assert len(document["rows"]) == len(csv_text.splitlines()) - 1
    assert document["meta"]["last_month"] == "2026-06"
    june = {r["territoire_id"]: r for r in document["rows"] if r["mois"] == "2026-06"}
    assert june["total"]["inscrits"] == 14  # 7 + 3 + 4, published: no small count there
    # FTE never outlives the suppression of the employees it would give away.
    assert all(row["etp"] is None for row in document["rows"] if row["salaries"] is None)


def test_the_command_writes_nothing_without_apply(var_dir, programme, territory):
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert "Rien n'est écrit sans --apply" in out.getvalue()
    assert not open_data.directory(programme).exists()
    call_command("publish_open_data", "--apply", stdout=io.StringIO())
    assert (open_data.directory(programme) / "indicateurs-mensuels.csv").exists()


def test_the_public_page_lists_and_serves_the_files(client, published, programme):
    page = client.get(reverse("open_data:index"))
    assert page.status_code == 200 and programme.name in page.content.decode()
    response = client.get(reverse("open_data:file", args=[programme.pk, "indicateurs-mensuels.csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).startswith(b"territoire_id,")
    assert client.get(reverse("open_data:file", args=[programme.pk, "settings.py"])).status_code == 404
    assert client.get(f"/donnees-ouvertes/programme-{programme.pk}/..%2Fsettings.py").status_code == 404
    assert client.get(reverse("open_data:file", args=[programme.pk + 1, "schema.json"])).status_code == 404
