"""Imports fed over a thousand malformed files: no crash, and never a partial import.

People (all or nothing): a refused file leaves every table as it was and says why; an accepted one
creates every one of its volunteers, with the names of the file. Names that a spreadsheet would run as
formulas go in, and come out neutralised in the CSV and XLSX exports.

SIRENE establishments (bad rows skipped by design, DESIGN.md): a refused file leaves the live rows as
they were; an accepted one leaves exactly the valid rows of the programme's communes, worked out here
from the rows written, not from the reader (tests/robustness/sirene_files.py).
"""

import csv
import io
import random
from datetime import date

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from jobfactory.establishments.enums import ImportStatus
from jobfactory.establishments.importer import import_sirene
from jobfactory.establishments.models import Establishment, SireneImport, StagedEstablishment
from jobfactory.establishments.reader import SireneFormatError
from jobfactory.people.imports import import_people
from jobfactory.people.models import Person
from tests.robustness.people_files import ACCEPT, EITHER, REFUSE, people_file, special_files
from tests.robustness.sirene_files import INSIDE, sirene_file
from tests.robustness.sirene_files import special_files as special_files_sirene

TODAY = date(2026, 3, 1)
PEOPLE_FILES = 660
SEED = 20260301
# What a spreadsheet takes for the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row_counts(*labels) -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for label in labels for model in apps.get_app_config(label).get_models()}


PEOPLE_TABLES = ("people", "audit")


def check_people_file(file, territory, user) -> str:
    """Imports one file and checks the all-or-nothing rule; returns what happened."""
    before = row_counts(*PEOPLE_TABLES)
    last_pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = import_people(file.content, territory, user, today=TODAY)  # an exception fails the test
    after = row_counts(*PEOPLE_TABLES)
    created = Person.objects.filter(pk__gt=last_pk)
    if result.ok:
        assert file.expect != REFUSE, f"{file.kind}: accepted"
        assert result.created == created.count() == after["people.Person"] - before["people.Person"] > 0
        if file.expect == ACCEPT:
            assert sorted(created.values_list("last_name", "first_name")) == sorted(file.names), file.kind
        return "accepted"
    assert file.expect != ACCEPT, f"{file.kind}: refused: {result.errors[:3]}"
    assert after == before, f"{file.kind}: refused, yet tables changed"
    assert result.created == 0 and result.errors
    for error in result.errors:
        assert isinstance(error.line, int) and error.line >= 0
        assert isinstance(error.message, str) and len(error.message) > 10
    return "refused"


def test_people_import_survives_malformed_files_all_or_nothing(territory, team_user, client):
    rng = random.Random(SEED)
    files = special_files() + [people_file(rng, serial) for serial in range(PEOPLE_FILES)]
    outcomes = {"accepted": 0, "refused": 0}
    kinds = set()
    for file in files:
        outcomes[check_people_file(file, territory, team_user)] += 1
        kinds.update(file.kind.split("+"))
    assert len(files) >= 660
    # The generator covers every category, and files both ways.
    for kind in ("formula", "missing_required_column", "unknown_column", "duplicate_column",
                 "missing_cells", "extra_cells", "duplicate_row", "bad_value:date_naissance",
                 "utf16_without_bom", "undecodable", "unclosed_quote", "huge_cell", "over_5_mb",
                 "too_many_rows", "nul_byte"):
        assert kind in kinds
    assert outcomes["accepted"] > 100 and outcomes["refused"] > 300, outcomes
    assert_exports_neutralise_formulas(client, territory, team_user)


def assert_exports_neutralise_formulas(client, territory, user):
    people = list(Person.objects.filter(territory=territory).values_list("last_name", "first_name"))
    formulas = [name for pair in people for name in pair if name.startswith(FORMULA_STARTS)]
    assert len(formulas) > 50  # the imports did let formula-looking names in

    def shown(name):
        return "'" + name if name.startswith(FORMULA_STARTS) else name

    expected = sorted((shown(last), shown(first)) for last, first in people)
    client.force_login(user)
    response = client.get(reverse("exports:people", args=[territory.pk, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert sorted((row[0], row[1]) for row in rows) == expected
    response = client.get(reverse("exports:people", args=[territory.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    cells = [(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(cells) == expected


def test_upload_page_refuses_a_damaged_file_and_takes_a_formula_one(territory, team_user, client):
    client.force_login(team_user)
    url = reverse("people:import", args=[territory.pk])
    rng = random.Random(SEED + 1)
    damaged = next(f for f in (people_file(rng, n) for n in range(100)) if f.kind == "missing_cells")
    before = row_counts(*PEOPLE_TABLES)
    response = client.post(url, {"file": _upload(damaged.content)})
    assert response.status_code == 200 and row_counts(*PEOPLE_TABLES) == before
    assert "cellules" in response.content.decode()
    header = "nom;prenom;sexe;date_naissance;adresse;code_postal;commune;date_arrivee_territoire;" \
             "sans_emploi_depuis;heures_choisies;date_notice_information"
    line = '"=cmd|\' /C calc\'!A0";@Alice;F;01/01/1980;1 rue;59120;Loos;01/01/2015;01/01/2021;35;05/01/2026'
    response = client.post(url, {"file": _upload(f"{header}\r\n{line}\r\n".encode())})
    assert response.status_code == 302
    person = Person.objects.get(territory=territory)
    assert (person.last_name, person.first_name) == ("=cmd|' /C calc'!A0", "@Alice")


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("volontaires.csv", content, content_type="text/csv")


@pytest.mark.parametrize("expect", [ACCEPT, REFUSE, EITHER])
def test_the_generator_yields_each_expectation(expect):
    rng = random.Random(SEED)
    assert any(people_file(rng, n).expect == expect for n in range(200))


# ----------------------------------------------------------------------------- SIRENE establishments

SIRENE_FILES = 360


def live_rows(programme) -> dict[str, str]:
    return dict(Establishment.objects.filter(programme=programme).values_list("siret", "name"))


def check_sirene_file(file, path, programme) -> str:
    before = live_rows(programme)
    try:
        record = import_sirene(path, programme, communes=INSIDE)
    except SireneFormatError as refusal:  # the refusal the command shows; anything else is a crash
        assert file.expect != ACCEPT, f"{file.kind}: refused: {refusal}"
        assert len(str(refusal)) > 10
        assert live_rows(programme) == before, f"{file.kind}: refused, yet the live rows changed"
        failed = SireneImport.objects.get(source_name=path.name)
        assert failed.status == ImportStatus.FAILED and not failed.is_current and failed.error
        assert not StagedEstablishment.objects.exists()
        return "refused"
    assert file.expect != REFUSE, f"{file.kind}: accepted"
    live = live_rows(programme)
    assert record.status == ImportStatus.SUCCEEDED and record.rows_kept == len(live) > 0
    if file.expect == ACCEPT:
        assert live == file.kept, file.kind
    else:
        assert set(live) <= file.sirets, file.kind
    assert not StagedEstablishment.objects.exists()
    return "accepted"


# pyarrow cannot show a non-UTF-8 line to the bad-row handler and says so on stderr; the file is refused.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_sirene_import_survives_malformed_files(programme, tmp_path):
    rng = random.Random(SEED)
    files = special_files_sirene(rng) + [sirene_file(rng, serial) for serial in range(SIRENE_FILES)]
    outcomes = {"accepted": 0, "refused": 0}
    for number, file in enumerate(files):
        path = tmp_path / f"fuzz-{number}{file.suffix}"
        path.write_bytes(file.content)
        outcomes[check_sirene_file(file, path, programme)] += 1
        path.unlink()
    assert len(files) + PEOPLE_FILES + len(special_files()) >= 1000
    assert outcomes["accepted"] > 100 and outcomes["refused"] > 50, outcomes
