"""The CSV import of volunteers: all rows or none, and errors a team can act on."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from jobfactory.audit.models import AccessLog
from jobfactory.people.imports import COLUMNS, MAX_BYTES, MAX_ROWS, import_people, template_csv
from jobfactory.people.models import Person
from tests.conftest import make_person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
FIRST_NAMES = ["Alice", "Bruno", "Chloé", "David", "Emma", "Farid"]
GOOD = {
    "nom": "Martin", "prenom": "Alice", "sexe": "F", "date_naissance": "1980-05-17",
    "adresse": "3 rue des Lilas", "code_postal": "59120", "commune": "Loos",
    "date_arrivee_territoire": "2015-01-01", "sans_emploi_depuis": "2021-06-01",
    "heures_choisies": "30", "date_notice_information": "2026-01-05",
}


def row(n=0, **changes):
    return {**GOOD, "prenom": FIRST_NAMES[n], **changes}


def to_csv(rows, columns=None, delimiter=",", encoding="utf-8"):
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(c, "") for c in columns] if isinstance(values, dict)
                        else values)
    return out.getvalue().encode(encoding)


def run(content, territory, user):
    return import_people(content, territory, user, today=TODAY)


def where(result):
    return [(error.line, error.column) for error in result.errors]


def test_a_valid_utf8_comma_file_creates_the_people(territory, team_user):
    result = run(to_csv([row(0), row(1, sexe="M", email="b@example.org")]), territory, team_user)
    assert result.ok and result.created == 2
    people = Person.objects.filter(territory=territory).order_by("first_name")
    assert [p.first_name for p in people] == ["Alice", "Bruno"]
    alice = people[0]
    assert alice.birth_date == date(1980, 5, 17) and alice.chosen_hours == Decimal("30")
    # Absent optional columns take the record's defaults.
    assert alice.lives_in_territory and alice.right_to_work
    assert not alice.in_qpv and not alice.rqth and alice.deprivation_kind == "total"


def test_a_cp1252_semicolon_file_from_french_excel(territory, team_user):
    header = ["Nom", "Prénom", "Sexe", "Date naissance", "Adresse", "Code postal", "Commune",
              "QPV", "Type privation", "Date arrivée territoire", "Sans emploi depuis",
              "Heures choisies", "Date notice information"]
    lines = [["Lefèvre", "Hélène", "femme", "03/02/1975", "2 allée des Frênes", "59120", "Loos",
              "oui", "récurrente", "01/09/2010", "15/06/2022", "24,5", "05/01/2026"]]
    result = run(to_csv(lines, columns=header, delimiter=";", encoding="cp1252"), territory,
                 team_user)
    assert result.ok, result.errors
    person = Person.objects.get(territory=territory)
    assert (person.last_name, person.first_name) == ("Lefèvre", "Hélène")
    assert person.address == "2 allée des Frênes"
    assert person.sex == "F" and person.in_qpv and person.deprivation_kind == "recurrent"
    assert person.chosen_hours == Decimal("24.5")
    assert person.birth_date == date(1975, 2, 3)
    assert person.arrived_in_territory_on == date(2010, 9, 1)
    assert person.without_employment_since == date(2022, 6, 15)
    assert person.information_notice_on == date(2026, 1, 5)


def test_utf8_with_bom_tabs_and_a_decimal_point(territory, team_user):
    content = b"\xef\xbb\xbf" + to_csv([row(0, heures_choisies="24.5")], delimiter="\t")
    result = run(content, territory, team_user)
    assert result.ok, result.errors
    assert Person.objects.get().chosen_hours == Decimal("24.5")


def test_one_bad_row_imports_nothing_and_every_error_has_its_line(territory, team_user):
    rows = [row(0), row(1, date_arrivee_territoire="31/02/2015"), row(2), row(3),
            row(4, heures_choisies="50")]
    result = run(to_csv(rows), territory, team_user)
    assert result.created == 0 and Person.objects.count() == 0
    assert where(result) == [(3, "date_arrivee_territoire"), (6, "heures_choisies")]
    assert "31/02/2015" in result.errors[0].message


def test_line_numbers_are_physical_lines(territory, team_user):
    # A blank line and a cell spanning two lines, as spreadsheets write them.
    header, first, second, end = to_csv(
        [row(0, competences="Soudure\nPeinture"), row(1, sexe="X")]).split(b"\r\n")
    content = b"\r\n".join([header, first, b"", second, end])
    result = run(content, territory, team_user)
    assert where(result) == [(5, "sexe")]


def test_header_matching_ignores_case_accents_and_spaces(territory, team_user):
    columns = {" NOM ": "nom", "Prénom": "prenom", "Sexe": "sexe",
               "Date_Naissance": "date_naissance", "ADRESSE": "adresse",
               "code postal": "code_postal", "Commune": "commune",
               "date-arrivée-territoire": "date_arrivee_territoire",
               "Sans emploi depuis": "sans_emploi_depuis", "Heures choisies": "heures_choisies",
               "Date notice information": "date_notice_information"}
    lines = [[GOOD[key] for key in columns.values()]]
    result = run(to_csv(lines, columns=list(columns)), territory, team_user)
    assert result.ok, result.errors


def test_a_missing_required_column_is_refused(territory, team_user):
    columns = [c for c in GOOD if c != "heures_choisies"]
    result = run(to_csv([row(0)], columns=columns), territory, team_user)
    assert where(result) == [(1, "heures_choisies")]
    assert Person.objects.count() == 0


def test_an_unknown_column_is_refused_and_named(territory, team_user):
    result = run(to_csv([row(0, pointure="42")]), territory, team_user)
    assert where(result) == [(1, "pointure")]
    assert Person.objects.count() == 0


@pytest.mark.parametrize("column", ["limitations_sante", "Santé", "health_notes"])
def test_a_health_column_is_refused(territory, team_user, column):
    result = run(to_csv([row(0, **{column: "Dos fragile"})]), territory, team_user)
    assert [e.line for e in result.errors] == [1]
    assert "consentement" in result.errors[0].message
    assert Person.objects.count() == 0


def test_duplicate_rows_in_the_file_are_reported(territory, team_user):
    rows = [row(0, nom="Dupré", prenom="Hélène"), row(1),
            row(0, nom="DUPRE", prenom=" helene ")]
    result = run(to_csv(rows), territory, team_user)
    assert where(result) == [(4, None)]
    assert "ligne 2" in result.errors[0].message
    assert "Dupr" not in result.errors[0].message and "lène" not in result.errors[0].message


def test_people_already_registered_in_the_territory_are_reported(
        territory, other_territory, team_user):
    make_person(territory, last_name="Dupré", first_name="Hélène", birth_date=date(1980, 5, 17))
    make_person(other_territory, last_name="Martin", first_name="Bruno",
                birth_date=date(1980, 5, 17))
    rows = [row(0, nom="dupre", prenom="HELENE", date_naissance="17/05/1980"), row(1)]
    result = run(to_csv(rows), territory, team_user)
    assert where(result) == [(2, None)]
    assert Person.objects.filter(territory=territory).count() == 1


def test_a_row_with_the_wrong_number_of_cells_is_reported(territory, team_user):
    content = to_csv([row(0)]) + b"Martin,Bruno,M\r\n"
    result = run(content, territory, team_user)
    assert where(result) == [(3, None)]
    assert "11 attendues" in result.errors[0].message


def test_trailing_empty_cells_from_spreadsheets_are_tolerated(territory, team_user):
    content = to_csv([row(0)]).replace(b"\r\n", b",,\r\n")
    assert run(content, territory, team_user).ok


def test_an_overlong_cell_is_a_row_error(territory, team_user):
    result = run(to_csv([row(0, competences="x" * 2001)]), territory, team_user)
    assert where(result) == [(2, "competences")]


def test_formula_like_cells_are_stored_as_text(territory, team_user):
    values = {"competences": "=1+1", "projets": "+33 6", "souhaits": "@SOMME(A1)",
              "contraintes_mobilite": "-pas de permis"}
    assert run(to_csv([row(0, **values)]), territory, team_user).ok
    person = Person.objects.get()
    assert (person.skills, person.projects, person.wishes, person.mobility_constraints) == \
        tuple(values.values())


@pytest.mark.parametrize(("answer", "expected"), [
    ("oui", True), ("Oui", True), ("1", True), ("vrai", True), ("o", True), ("yes", True),
    ("non", False), ("0", False), ("faux", False), ("n", False), ("no", False), ("", True)])
def test_yes_no_answers(territory, team_user, answer, expected):
    assert run(to_csv([row(0, droit_travail=answer, qpv=answer or "non")]), territory,
               team_user).ok
    person = Person.objects.get()
    assert person.right_to_work is expected and person.in_qpv is (expected and answer != "")


@pytest.mark.parametrize(("answer", "expected"), [
    ("totale", "total"), ("Partielle", "partial"), ("récurrente", "recurrent"),
    ("recurrent", "recurrent"), ("", "total")])
def test_deprivation_kinds(territory, team_user, answer, expected):
    assert run(to_csv([row(0, type_privation=answer)]), territory, team_user).ok
    assert Person.objects.get().deprivation_kind == expected


def test_unreadable_answers_are_errors_quoted_but_truncated(territory, team_user):
    result = run(to_csv([row(0, qpv="peut-être", sexe="Z" * 100)]), territory, team_user)
    assert sorted(where(result)) == [(2, "qpv"), (2, "sexe")]
    assert all("Z" * 41 not in error.message for error in result.errors)


def test_a_four_digit_postcode_gets_back_its_leading_zero(territory, team_user):
    assert run(to_csv([row(0, code_postal="1000")]), territory, team_user).ok
    assert Person.objects.get().postcode == "01000"


def test_one_access_log_line_per_created_person(territory, team_user):
    run(to_csv([row(0), row(1), row(2)]), territory, team_user)
    logs = AccessLog.objects.filter(action="import")
    assert logs.count() == 3
    assert {log.person_public_id for log in logs} == set(
        Person.objects.values_list("public_id", flat=True))
    assert {log.username for log in logs} == {"team"}


def test_no_access_log_line_when_nothing_is_imported(territory, team_user):
    run(to_csv([row(0), row(1, heures_choisies="50")]), territory, team_user)
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("content", [
    b"", b"\r\n\r\n", to_csv([row(0)]).split(b"\r\n")[0] + b"\r\n", to_csv([{}], columns=list(GOOD))])
def test_empty_files_are_refused(territory, team_user, content):
    result = run(content, territory, team_user)
    assert len(result.errors) == 1 and result.created == 0


def test_oversized_files_are_refused(territory, team_user):
    assert len(run(b"x" * (MAX_BYTES + 1), territory, team_user).errors) == 1
    result = run(to_csv([row(0)] * (MAX_ROWS + 1)), territory, team_user)
    assert len(result.errors) == 1 and "5000" in result.errors[0].message


def test_undecodable_bytes_are_refused(territory, team_user):
    result = run(to_csv([row(0)]) + b"\x81\x8d\r\n", territory, team_user)
    assert len(result.errors) == 1 and result.errors[0].line == 0


def test_the_template_lists_every_column_and_imports(territory, team_user):
    text = template_csv()
    assert text.splitlines()[0].split(";") == list(COLUMNS)
    assert run(text.encode("cp1252"), territory, team_user).created == 1
