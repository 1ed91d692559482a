"""Lists as CSV and XLSX: the writers, the pseudonyms, who gets what, the access log, the queries."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.audit.models import AccessLog, Action
from jobfactory.people.enums import PersonStatus
from jobfactory.reporting import exports
from jobfactory.reporting.exports import Table, neutralise, to_csv, to_xlsx
from jobfactory.reporting.pseudonyms import pseudonym
from jobfactory.reporting.views_exports import age_band, deprivation_band
from jobfactory.staffing.enums import ExitReason
from jobfactory.staffing.models import Contract, PlanLine, Skip, StaffingPlan
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer
from tests.conftest import hire, make_eligible, make_person, make_user

EVIL = "=cmd|' /C calc'!A0"
BOM = b"\xef\xbb\xbf"
FILENAME = re.compile(r'attachment; filename="[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.(csv|xlsx)"')


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def sample_table() -> Table:
    return Table(title="Volontaires : essai/test [1]", headers=["Nom", "Heures", "Rang", "Né le", "Actif",
                                                             "Vide"], rows=[
        (EVIL, Decimal("17.50"), 3, date(2026, 3, 2), True, None),
        ("Dupont; « dit \"Jo\" »\nsuite", Decimal("-2.5"), -4, date(1980, 12, 31), False, None),
        ("+33 6 12", Decimal("35"), 0, None, None, "@SUM(A1)"),
    ])


# --------------------------------------------------------------------------- the writers

def test_csv_is_what_french_excel_reads():
    content = to_csv(sample_table())
    assert content.startswith(BOM)
    text = content[len(BOM):].decode("utf-8")
    assert text.startswith("Nom;Heures;Rang;Né le;Actif;Vide\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "").replace("\nsuite", "")
    rows = read_csv(content)
    assert rows[0] == ["Nom", "Heures", "Rang", "Né le", "Actif", "Vide"]
    assert rows[1] == ["'" + EVIL, "17,50", "3", "02/03/2026", "oui", ""]
    # Quoted where needed, and read back whole; numbers are not text: -2,5 and -4 stay numbers.
    assert rows[2] == ["Dupont; « dit \"Jo\" »\nsuite", "-2,5", "-4", "31/12/1980", "non", ""]
    assert rows[3] == ["'+33 6 12", "35", "0", "", "", "'@SUM(A1)"]


def test_xlsx_has_typed_cells_a_bold_frozen_header_and_widths():
    sheet = read_xlsx(to_xlsx(sample_table()))
    assert sheet.title == "Volontaires   essai test  1"[:31].rstrip()
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Nom", "Heures", "Rang", "Né le", "Actif", "Vide"]
    assert all(c.font.bold for c in sheet[1])
    name, hours, rank, born, active, empty = sheet[2]
    assert name.value == "'" + EVIL and name.data_type == "s"
    assert hours.value == 17.5 and hours.data_type == "n" and hours.number_format == "0.00"
    assert rank.value == 3 and rank.data_type == "n"
    assert born.value == datetime(2026, 3, 2) and born.is_date and born.number_format == "dd/mm/yyyy"
    assert active.value == "oui" and empty.value is None
    assert sheet["B3"].value == -2.5 and sheet["C3"].value == -4
    assert sheet["A4"].value == "'+33 6 12" and sheet["F4"].value == "'@SUM(A1)"
    assert 8 <= sheet.column_dimensions["A"].width <= 60


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Marie", "Marie"), ("", ""), (" =1", " =1")])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize("value", [1.5, datetime(2026, 1, 1, 12, 0), object(), Decimal("NaN")])
def test_a_table_refuses_untyped_values(value):
    with pytest.raises((TypeError, ValueError)):
        Table(title="t", headers=["a"], rows=[(value,)])


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        Table(title="t", headers=["a", "b"], rows=[("x",)])


def test_file_names_are_ascii_and_code_chosen():
    assert exports.filename("volontaires-territoire-12", "csv", date(2026, 11, 21)) == (
        "volontaires-territoire-12-2026-11-21.csv")
    for unsafe in ("Dupont Marie", "liste/../x", "élodie", ""):
        with pytest.raises(ValueError):
            exports.filename(unsafe, "csv")


# --------------------------------------------------------------------------- pseudonyms

def test_pseudonyms_are_stable_distinct_and_keyed():
    import hashlib
    import uuid

    a, b = uuid.uuid4(), uuid.uuid4()
    assert pseudonym(a) == pseudonym(str(a)) == pseudonym(a)
    assert pseudonym(a) != pseudonym(b)
    assert re.fullmatch(r"[0-9a-f]{16}", pseudonym(a))
    # Keyed: not a plain hash of the id anybody can see in a page address.
    plain = (hashlib.sha256(a.bytes).hexdigest(), hashlib.sha256(str(a).encode()).hexdigest())
    assert all(not h.startswith(pseudonym(a)) for h in plain)
    derived = pseudonym(a)
    with override_settings(JOBFACTORY_PSEUDONYM_SALT="a salt for the 2027 evaluation"):
        salted = pseudonym(a)
        assert salted != derived and salted == pseudonym(a)
        with override_settings(SECRET_KEY="another secret key"):
            assert pseudonym(a) == salted  # a rotated SECRET_KEY leaves the salted codes alone
    with override_settings(JOBFACTORY_PSEUDONYM_SALT="rotated"):
        assert pseudonym(a) != salted  # rotating the salt breaks the links, on purpose
    with override_settings(SECRET_KEY="another secret key"):
        assert pseudonym(a) != derived


def test_bands():
    assert age_band(date(2002, 6, 1), date(2026, 5, 31)) == "moins de 25 ans"
    assert age_band(date(2001, 6, 1), date(2026, 6, 1)) == "25 à 49 ans"
    assert age_band(date(1976, 6, 2), date(2026, 6, 1)) == "25 à 49 ans"
    assert age_band(date(1976, 6, 1), date(2026, 6, 1)) == "50 ans et plus"
    assert deprivation_band(date(2025, 1, 10), date(2026, 1, 9)) == "moins de 12 mois"
    assert deprivation_band(date(2025, 1, 10), date(2026, 1, 10)) == "12 à 23 mois"
    assert deprivation_band(date(2020, 1, 1), date(2026, 3, 2)) == "60 mois et plus"
    assert deprivation_band(date(2020, 1, 1), None) is None


# --------------------------------------------------------------------------- the scene

NAMES = ["Dupontel", "Marguerite", "Zébulon", "Aloïse", "Quichotte", "Brindille"]
ADDRESS = "17 impasse des Secrets"
BIRTH = date(1971, 4, 23)


@pytest.fixture
def people(territory, other_territory, employer, team_user):
    hired = make_eligible(territory, team_user, date(2026, 1, 15), last_name=NAMES[0],
                          first_name=NAMES[1], address=ADDRESS, birth_date=BIRTH,
                          phone="0612345678", email="dupontel@example.org", qualification_level=3,
                          without_employment_since=date(2021, 6, 1))
    hire(hired, employer, team_user, start=date(2026, 3, 2))
    waiting = make_eligible(territory, team_user, date(2026, 2, 15), last_name=EVIL,
                            first_name=NAMES[2], address=ADDRESS, birth_date=BIRTH,
                            chosen_hours=Decimal("24.5"))
    registered = make_person(territory, last_name=NAMES[3], first_name=NAMES[4], address=ADDRESS,
                             birth_date=BIRTH)
    elsewhere = make_eligible(other_territory, team_user, date(2026, 1, 20), last_name=NAMES[5],
                              address=ADDRESS, birth_date=BIRTH)
    return {"hired": hired, "waiting": waiting, "registered": registered, "elsewhere": elsewhere}


@pytest.fixture
def users(programme, territory, other_territory, employer):
    other_ebe = Employer.objects.create(programme=programme, name="Autre EBE")
    other_ebe.territories.add(other_territory)
    return {
        "team": make_user("team-loos", Role.TERRITORY_TEAM, territories=[territory]),
        "manager": make_user("manager", Role.EMPLOYER_MANAGER, employer=employer),
        "other team": make_user("team-tourcoing", Role.TERRITORY_TEAM, territories=[other_territory]),
        "other manager": make_user("other-manager", Role.EMPLOYER_MANAGER, employer=other_ebe),
        "committee": make_user("committee", Role.COMMITTEE_MEMBER, territories=[territory]),
        "officer": make_user("officer", Role.PROGRAMME_OFFICER, programme=programme),
        "fund": make_user("fund", Role.NATIONAL_FUND),
        "admin": make_user("admin", Role.ADMINISTRATOR),
    }


def people_url(territory, fmt="csv", **query):
    url = reverse("exports:people", args=[territory.pk, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def assert_no_identity(content: bytes, *persons):
    lowered = content.lower()
    for person in persons:
        for secret in (person.last_name, person.first_name, person.address, person.email, person.phone):
            if secret:
                assert secret.lower().encode() not in lowered, secret
        for shown in (f"{person.birth_date:%d/%m/%Y}", person.birth_date.isoformat()):
            assert shown.encode() not in content
    for name in NAMES:
        assert name.lower().encode() not in lowered
    assert ADDRESS.lower().encode() not in lowered


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --------------------------------------------------------------------------- territory team

def test_the_territory_team_downloads_identities(client, users, people, territory):
    response = get(client, users["team"], people_url(territory))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert FILENAME.fullmatch(response["Content-Disposition"])
    assert f"volontaires-territoire-{territory.pk}-" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response.content)
    assert rows[0][:3] == ["Nom", "Prénom", "Situation"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {NAMES[0], "'" + EVIL, NAMES[3]}  # not Tourcoing's
    hired = by_name[NAMES[0]]
    assert hired[2] == "Sous contrat" and hired[5] == "35,00" and hired[6] == "02/03/2026"
    assert by_name["'" + EVIL][4] == "15/02/2026" and by_name["'" + EVIL][5] == "24,50"
    # Identities, but only the list's columns: no address, birth date or contact.
    assert ADDRESS.encode() not in response.content and b"23/04/1971" not in response.content
    assert b"0612345678" not in response.content


def test_the_xlsx_neutralises_a_formula_typed_as_a_name(client, users, people, territory):
    response = get(client, users["manager"], people_url(territory, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    sheet = read_xlsx(response.content)
    assert sheet.title == "Volontaires" and sheet.freeze_panes == "A2"
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    evil = cells["'" + EVIL]
    assert evil[0].data_type == "s"
    assert evil[4].is_date and evil[4].value == datetime(2026, 2, 15)
    assert evil[5].value == 24.5 and evil[5].data_type == "n"


def test_the_situation_filter_of_the_page_applies(client, users, people, territory):
    response = get(client, users["team"], people_url(territory, situation=PersonStatus.WAITING))
    assert [row[0] for row in read_csv(response.content)[1:]] == ["'" + EVIL]


def test_the_pseudonymised_variant_holds_no_identity(client, users, people, territory):
    response = get(client, users["team"], people_url(territory, "xlsx", pseudonymise=1))
    assert response.status_code == 200
    assert "volontaires-pseudonymises-territoire-" in response["Content-Disposition"]
    sheet = read_xlsx(response.content)
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Pseudonyme", "Territoire", "Sexe", "Âge à l'inscription"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {pseudonym(p.public_id) for p in (people["hired"], people["waiting"],
                                                          people["registered"])}
    hired = dict(zip(header, rows[pseudonym(people["hired"].public_id)], strict=True))
    assert hired["Territoire"] == territory.name and hired["Sexe"] == "Femme"
    assert hired["Âge à l'inscription"] == "50 ans et plus"
    assert hired["Niveau de qualification (1 à 8)"] == 3
    assert hired["Mois d'inscription"] == "2026-01" and hired["Mois de première embauche"] == "2026-03"
    assert hired["Mois d'éligibilité"] == "2026-01" and hired["Mois de sortie"] is None
    assert hired["Privation d'emploi avant l'embauche"] == "36 à 59 mois"
    assert hired["Heures choisies par semaine"] == 35
    csv_response = client.get(people_url(territory, pseudonymise=1))
    for content in (response.content, csv_response.content):
        assert_no_identity(content, *people.values())
    # In a zip, the XLSX's text could hide: check the cells too.
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert_no_identity(text.encode(), *people.values())
    assert "15/02" not in text and "2026-02-15" not in text  # months, never the day


def test_an_exit_recorded_in_advance_shows_once_past(client, users, people, territory, employer):
    person = make_eligible(territory, users["team"], date(2026, 1, 15))
    Contract.objects.create(person=person, employer=employer, start_on=date(2026, 2, 2),
                            weekly_hours=Decimal("35"), end_on=date(2026, 4, 30),
                            exit_reason=ExitReason.ORDINARY_JOB)
    Person = type(person)
    Person.objects.filter(pk=person.pk).update(status=PersonStatus.EMPLOYED)
    rows = read_csv(get(client, users["team"], people_url(territory)).content)
    row = next(r for r in rows if r[0] == person.last_name)
    assert row[2] == "Sorti·e de l'EBE" and row[7] == "30/04/2026"
    assert row[8] == "Emploi dans une autre entreprise"


def test_the_waiting_list_in_hiring_order(client, users, people, territory):
    later = make_eligible(territory, users["team"], date(2026, 3, 1), last_name="Tardif")
    Skip.objects.create(person=people["waiting"], territory=territory, skipped_on=date(2026, 3, 5),
                        reason="unreachable", note="trois appels")
    response = get(client, users["team"], reverse("exports:waiting_list", args=[territory.pk, "csv"]))
    rows = read_csv(response.content)
    assert rows[0][:3] == ["Rang", "Nom", "Prénom"]
    assert [row[:2] for row in rows[1:]] == [["1", "'" + EVIL], ["2", "Tardif"]]
    assert rows[1][3] == "15/02/2026" and rows[1][6] == "Injoignable" and rows[2][6] == ""
    pseudonymised = client.get(reverse("exports:waiting_list", args=[territory.pk, "csv"])
                               + "?pseudonymise=1")
    rows = read_csv(pseudonymised.content)
    assert [row[:2] for row in rows[1:]] == [["1", pseudonym(people["waiting"].public_id)],
                                             ["2", pseudonym(later.public_id)]]
    assert_no_identity(pseudonymised.content, people["waiting"], later)


# --------------------------------------------------------------------------- who gets what

@pytest.mark.parametrize("who", ["other team", "other manager", "committee", "officer", "fund", "admin"])
def test_outside_the_personal_file_roles_the_territory_lists_are_missing(
        client, users, people, territory, who):
    client.force_login(users[who])
    for fmt in ("csv", "xlsx"):
        for url in (people_url(territory, fmt), people_url(territory, fmt, pseudonymise=1),
                    reverse("exports:waiting_list", args=[territory.pk, fmt])):
            response = client.get(url)
            assert response.status_code == 404, (who, url)
            assert NAMES[0].encode() not in response.content
    assert not AccessLog.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("who", ["team", "manager", "committee", "admin"])
def test_the_evaluation_file_is_missing_for_other_roles(client, users, people, who):
    response = get(client, users[who], reverse("exports:programme_people", args=["xlsx"]))
    assert response.status_code == 404


def test_the_programme_officer_gets_only_pseudonyms_of_the_programme(
        client, users, people, territory, other_territory):
    response = get(client, users["officer"], reverse("exports:programme_people", args=["csv"]))
    assert response.status_code == 200
    assert "volontaires-pseudonymises-evaluation-" in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0][0] == "Pseudonyme"
    assert {row[0] for row in rows[1:]} == {pseudonym(p.public_id) for p in people.values()}
    assert [row[1] for row in rows[1:]] == sorted(row[1] for row in rows[1:])
    assert_no_identity(response.content, *people.values())
    # One territory of the programme; one outside it answers 404.
    one = client.get(reverse("exports:programme_people", args=["csv"]) + f"?territoire={other_territory.pk}")
    assert [row[0] for row in read_csv(one.content)[1:]] == [pseudonym(people["elsewhere"].public_id)]
    from jobfactory.territories.models import Programme, Territory
    far = Territory.objects.create(programme=Programme.objects.create(name="Ailleurs"), name="Loin")
    assert client.get(reverse("exports:programme_people", args=["csv"])
                      + f"?territoire={far.pk}").status_code == 404
    assert client.get(reverse("exports:programme_people", args=["csv"])
                      + "?territoire=abc").status_code == 404
    # The same person has the same code in the territory team's pseudonymised file.
    team_rows = read_csv(get(client, users["team"], people_url(territory, pseudonymise=1)).content)
    assert pseudonym(people["hired"].public_id) in {row[0] for row in team_rows[1:]}


def test_the_national_fund_gets_every_programme(client, users, people):
    from jobfactory.territories.models import Programme, Territory
    far = Territory.objects.create(programme=Programme.objects.create(name="Ailleurs"), name="Loin")
    stranger = make_person(far, last_name="Lointain")
    rows = read_csv(get(client, users["fund"], reverse("exports:programme_people", args=["csv"])).content)
    assert pseudonym(stranger.public_id) in {row[0] for row in rows[1:]}
    assert len(rows) == 1 + len(people) + 1


def test_anonymous_users_are_sent_to_log_in_and_posts_are_refused(client, users, territory):
    response = client.get(people_url(territory))
    assert response.status_code == 302 and reverse("login") in response.url
    client.force_login(users["team"])
    assert client.post(people_url(territory)).status_code == 405


# --------------------------------------------------------------------------- the access log

def test_each_exported_person_is_logged_once_without_a_name(client, users, people, territory):
    get(client, users["team"], people_url(territory, "xlsx", pseudonymise=1))
    logged = AccessLog.objects.filter(action=Action.EXPORT)
    assert sorted(str(line.person_public_id) for line in logged) == sorted(
        str(p.public_id) for p in (people["hired"], people["waiting"], people["registered"]))
    assert {line.username for line in logged} == {"team-loos"}
    assert {line.detail for line in logged} == {
        f"volontaires du territoire {territory.pk} ; xlsx ; pseudonymisé"}
    client.get(people_url(territory, "csv"))
    assert AccessLog.objects.filter(action=Action.EXPORT, detail__endswith="csv ; identités").count() == 3
    get(client, users["officer"], reverse("exports:programme_people", args=["csv"]))
    assert AccessLog.objects.filter(action=Action.EXPORT, username="officer").count() == len(people)
    for line in AccessLog.objects.all():
        assert not any(name.lower() in line.detail.lower() for name in NAMES)


# --------------------------------------------------------------------------- fixed queries

def _add_people(territory, team_user, employer, count):
    for n in range(count):
        person = make_eligible(territory, team_user, date(2026, 1, 15), last_name=f"Extra{n}")
        if n % 3 == 0:
            Contract.objects.create(person=person, employer=employer, start_on=date(2026, 3, 2),
                                    weekly_hours=person.chosen_hours)
            type(person).objects.filter(pk=person.pk).update(status=PersonStatus.EMPLOYED)
        elif n % 3 == 1:
            Skip.objects.create(person=person, territory=territory, skipped_on=date(2026, 3, 5),
                                reason="refused", note="non")


@pytest.mark.parametrize("url_name, who, query", [
    ("people", "team", ""), ("people", "manager", "?pseudonymise=1"),
    ("waiting_list", "team", ""), ("waiting_list", "team", "?pseudonymise=1"),
    ("programme_people", "officer", ""), ("activities", "committee", "")])
def test_queries_do_not_grow_with_rows(client, users, territory, employer, url_name, who, query,
                                       django_assert_max_num_queries):
    for n in range(3):
        Activity.objects.create(territory=territory, title=f"Activité {n}", description="d")
    _add_people(territory, users["team"], employer, 3)
    args = ["xlsx"] if url_name == "programme_people" else [territory.pk, "xlsx"]
    url = reverse(f"exports:{url_name}", args=args) + query
    client.force_login(users[who])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_people(territory, users["team"], employer, 27)
    for n in range(27):
        activity = Activity.objects.create(territory=territory, title=f"Autre {n}", description="d")
        SkillNeed.objects.create(activity=activity, rome_code="I1117", hours_per_week=Decimal("10"))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    assert read_xlsx(response.content).max_row > 20


# --------------------------------------------------------------------------- activities and plans

def test_anyone_who_reads_activities_downloads_them(client, users, territory, employer):
    activity = Activity.objects.create(territory=territory, employer=employer, title="Atelier vélo",
                                       description="d", naf_codes=["95.29Z"], customers=["residents"],
                                       expected_revenue=Decimal("12000.50"), status="running")
    SkillNeed.objects.create(activity=activity, rome_code="I1117", hours_per_week=Decimal("17.5"))
    for who in ("committee", "officer", "team", "manager", "admin"):
        response = get(client, users[who], reverse("exports:activities", args=[territory.pk, "csv"]))
        assert response.status_code == 200, who
    rows = read_csv(response.content)
    assert rows[0][:2] == ["Intitulé", "État"]
    assert rows[1][:2] == ["Atelier vélo", "En activité"] and rows[1][3] == "EBE test"
    assert rows[1][8] == "17,50" and rows[1][9] == "12000,50"
    assert f"activites-territoire-{territory.pk}-" in response["Content-Disposition"]
    for who in ("other team", "fund"):
        response = get(client, users[who], reverse("exports:activities", args=[territory.pk, "xlsx"]))
        assert response.status_code == 404, who


@pytest.fixture
def plan(programme, employer, territory, people):
    activity = Activity.objects.create(territory=territory, employer=employer, title="Atelier vélo",
                                       description="d", status="running")
    plan = StaffingPlan.objects.create(programme=programme, employer=employer,
                                       computed_on=date(2026, 11, 20), base_fingerprint="x")
    contract = people["hired"].contracts.get()
    PlanLine.objects.create(plan=plan, person=people["hired"], contract=contract, activity=activity,
                            rome_code="I1117", units=70, km=1.26, skill_match=True, wish_match=False)
    PlanLine.objects.create(plan=plan, person=people["waiting"], activity=activity, rome_code="I1117",
                            units=35, km=3.0, skill_match=False, wish_match=True, waiting_rank=0)
    return plan


def test_the_employer_manager_downloads_the_plan(client, users, people, plan):
    response = get(client, users["manager"], reverse("exports:plan", args=[plan.public_id, "xlsx"]))
    assert response.status_code == 200
    sheet = read_xlsx(response.content)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["'" + EVIL, NAMES[0]]
    hired = next(row for row in rows if row[0] == NAMES[0])
    assert hired[6] == 35 and hired[7] == "non" and hired[9] == 1.3 and hired[10] == "oui"
    assert AccessLog.objects.filter(action=Action.EXPORT, detail__startswith="plan ").count() == 2
    pseudonymised = client.get(reverse("exports:plan", args=[plan.public_id, "csv"]) + "?pseudonymise=1")
    assert_no_identity(pseudonymised.content, people["hired"], people["waiting"])
    assert pseudonym(people["hired"].public_id) in pseudonymised.content.decode("utf-8-sig")
    for who in ("team", "other manager", "officer"):
        assert get(client, users[who], reverse("exports:plan", args=[plan.public_id, "csv"])
                   ).status_code == 404, who


# --------------------------------------------------------------------------- the links

def test_the_list_pages_link_to_their_downloads(client, users, people, territory, plan):
    client.force_login(users["team"])
    url = reverse("territories:people", args=[territory.pk]) + "?situation=waiting"
    page = client.get(url).content.decode()
    assert "Télécharger (CSV)" in page and "Télécharger (Excel)" in page and "version pseudonymisée" in page
    assert people_url(territory, "csv", situation="waiting") in page
    assert people_url(territory, "xlsx") + "?pseudonymise=1&amp;situation=waiting" in page
    page = client.get(reverse("territories:waiting_list", args=[territory.pk])).content.decode()
    assert reverse("exports:waiting_list", args=[territory.pk, "xlsx"]) + "?pseudonymise=1" in page
    page = client.get(reverse("activities:territory", args=[territory.pk])).content.decode()
    assert reverse("exports:activities", args=[territory.pk, "csv"]) in page
    client.force_login(users["manager"])
    page = client.get(reverse("staffing:plan", args=[plan.public_id])).content.decode()
    assert reverse("exports:plan", args=[plan.public_id, "xlsx"]) in page
