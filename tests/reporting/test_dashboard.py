"""Dashboards: the stored series follow the registry, pages stay within their scope, and the number
of queries does not grow with the data."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobfactory.reporting.models import SeriesState, TerritoryMonth
from jobfactory.reporting.series import refresh
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Territory
from tests.conftest import hire, make_eligible, make_person, make_user

pytestmark = pytest.mark.django_db


def _data(response) -> dict:
    content = response.content.decode()
    start = content.index('<script id="dashboard-data" type="application/json">') + len(
        '<script id="dashboard-data" type="application/json">')
    return json.loads(content[start:content.index("</script>", start)])


def test_a_hire_marks_the_series_stale_and_the_dashboard_shows_it(client, territory, employer, team_user):
    person = make_eligible(territory, team_user, date(2026, 1, 15))
    refresh([territory])
    assert not SeriesState.objects.get(territory=territory).stale
    hire(person, employer, team_user, start=date(2026, 3, 2), hours=Decimal("35"))
    assert SeriesState.objects.get(territory=territory).stale

    client.force_login(team_user)
    response = client.get(reverse("reporting:territory", args=[territory.pk]),
                          {"du": "2026-01", "au": "2026-04"})
    assert response.status_code == 200
    data = _data(response)
    assert data["series"]["employees"]["values"] == [0, 0, 1, 1]
    assert data["series"]["hires"]["values"] == [0, 0, 1, 0]
    assert data["series"]["waiting"]["values"] == [1, 1, 0, 0]
    assert data["series"]["exhaustivity"]["values"] == [0, 0, 100, 100]
    assert not SeriesState.objects.get(territory=territory).stale


def test_a_programme_adds_its_territories_up(client, programme, territory, other_territory, employer,
                                             team_user):
    for on in (date(2026, 1, 15), date(2026, 2, 15)):
        make_eligible(territory, team_user, on)
    make_eligible(other_territory, team_user, date(2026, 1, 20))
    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme)
    client.force_login(officer)
    data = _data(client.get(reverse("reporting:programme", args=[programme.pk]),
                            {"du": "2026-01", "au": "2026-03"}))
    assert data["series"]["waiting"]["values"] == [2, 3, 3]
    assert data["territories"]["labels"] == [territory.name, other_territory.name]


def test_a_bad_period_is_said_and_the_default_shown(client, territory, team_user):
    client.force_login(team_user)
    response = client.get(reverse("reporting:territory", args=[territory.pk]), {"du": "2026-13"})
    assert response.status_code == 200
    assert "Mois illisible" in response.content.decode()
    assert len(_data(response)["months"]) == 24
    reversed_period = client.get(reverse("reporting:territory", args=[territory.pk]),
                                 {"du": "2026-05", "au": "2026-01"})
    assert "suit sa fin" in reversed_period.content.decode()


def test_scope_of_the_dashboards(client, programme, territory, other_territory, employer, other_team_user):
    urls = {
        "territory": reverse("reporting:territory", args=[territory.pk]),
        "employer": reverse("reporting:employer", args=[employer.pk]),
        "programme": reverse("reporting:programme", args=[programme.pk]),
    }
    expected = {
        make_user("team-other", Role.TERRITORY_TEAM, territories=[other_territory]): (404, 404, 404),
        make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory]): (200, 404, 404),
        make_user("ebe", Role.EMPLOYER_MANAGER, employer=employer): (200, 200, 404),
        make_user("fund", Role.NATIONAL_FUND): (200, 200, 200),
        make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme): (200, 200, 200),
    }
    for user, statuses in expected.items():
        client.force_login(user)
        got = tuple(client.get(url).status_code for url in urls.values())
        assert got == statuses, user.username


def test_queries_do_not_grow_with_territories_people_or_months(client, programme, territory, employer,
                                                              team_user):
    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme)
    url = reverse("reporting:programme", args=[programme.pk])

    def count_queries(period):
        territories = list(Territory.objects.filter(programme=programme))
        refresh(territories)
        client.force_login(officer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, period).status_code == 200
        return len(queries)

    make_eligible(territory, team_user, date(2026, 1, 15))
    small = count_queries({"du": "2026-01", "au": "2026-03"})
    for index in range(4):
        extra = Territory.objects.create(programme=programme, name=f"Territoire {index}")
        for _ in range(5):
            make_person(extra)
    for _ in range(10):
        hire(make_eligible(territory, team_user, date(2026, 1, 14)), employer, team_user,
             start=date(2026, 3, 2), hours=Decimal("35"))
    big = count_queries({"du": "2024-01", "au": "2026-11"})
    assert big == small
    assert TerritoryMonth.objects.count() > 50


def test_the_territory_list_reads_todays_figures_from_the_series(client, programme, territory, employer,
                                                                 team_user):
    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme)
    hire(make_eligible(territory, team_user, date(2026, 1, 15)), employer, team_user,
         start=date(2026, 3, 2), hours=Decimal("35"))
    make_eligible(territory, team_user, date(2026, 1, 16))
    client.force_login(officer)

    def queries():
        refresh(list(Territory.objects.all()))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("territories:list"))
        return response, len(captured)

    response, few = queries()
    row = response.context["rows"][0][1]
    assert (row.registered, row.waiting, row.under_contract, row.fte) == (2, 1, 1, Decimal("1.00"))
    for index in range(4):
        make_person(Territory.objects.create(programme=programme, name=f"Territoire {index}"))
    assert queries()[1] == few


def test_only_evaluation_roles_get_the_pseudonymised_file_link(client, programme, territory, team_user):
    link = reverse("exports:programme_people", args=["xlsx"])
    client.force_login(make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme))
    assert link in client.get(reverse("reporting:programme", args=[programme.pk])).content.decode()
    client.force_login(team_user)
    assert link not in client.get(reverse("reporting:territory", args=[territory.pk])).content.decode()


def test_a_programme_sums_exits_by_reason_and_each_territorys_flows(client, programme, territory,
                                                                      other_territory, employer, team_user):
    """Sums made by the database: per month and per exit reason across territories, and per
    territory over the period for the side-by-side table."""
    from jobfactory.staffing.enums import ExitReason
    from jobfactory.staffing.services import end_contract

    exits = [(territory, date(2026, 2, 27), ExitReason.ORDINARY_JOB),
             (territory, date(2026, 3, 31), ExitReason.TRAINING),
             (other_territory, date(2026, 2, 13), ExitReason.ORDINARY_JOB)]
    employer.territories.add(other_territory)
    for place, end_on, reason in exits:
        person = make_eligible(place, team_user, date(2026, 1, 12))
        contract = hire(person, employer, team_user, start=date(2026, 1, 19), hours=Decimal("24"))
        end_contract(contract, end_on=end_on, reason=reason, note="", user=team_user)
    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme)
    client.force_login(officer)
    response = client.get(reverse("reporting:programme", args=[programme.pk]),
                          {"du": "2026-01", "au": "2026-04"})
    data = _data(response)
    by_reason = {item["label"]: item["values"] for item in data["exits"]}
    assert by_reason == {str(ExitReason.ORDINARY_JOB.label): [0, 2, 0, 0],
                         str(ExitReason.TRAINING.label): [0, 0, 1, 0]}
    assert data["series"]["hires"]["values"] == [3, 0, 0, 0]
    assert data["series"]["exits"]["values"] == [0, 2, 1, 0]
    rows = {row.territory.pk: (row.hires, row.exits) for row in response.context["board"].territories}
    assert rows == {territory.pk: (2, 2), other_territory.pk: (1, 1)}


def test_the_side_by_side_table_shows_a_change_at_once(client, programme, territory, other_territory,
                                                       employer, team_user):
    """The table's rendering is reused while what it shows is unchanged: a hire must still show."""
    person = make_eligible(territory, team_user, date(2026, 1, 12))
    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=programme)
    client.force_login(officer)
    url = reverse("reporting:programme", args=[programme.pk])

    def territory_row() -> list[str]:
        html = client.get(url, {"du": "2026-01", "au": "2026-03"}).content.decode()
        row = html[html.index(f'href="{reverse("reporting:territory", args=[territory.pk])}"'):]
        row = row[:row.index("</tr>")]
        return [cell.strip() for cell in re.findall(r'<td class="num">([^<]*)</td>', row)]

    before = territory_row()
    assert territory_row() == before
    hire(person, employer, team_user, start=date(2026, 2, 2), hours=Decimal("35"))
    after = territory_row()
    # Registered, waiting, employees, FTE, exhaustivity, hires, exits.
    assert before == ["1", "1", "0", "0,0", "0 %", "0", "0"]
    assert after == ["1", "0", "1", "1,0", "100 %", "1", "0"]


def test_the_territory_dashboard_draws_the_ledger_when_a_costing_run_exists(client, territory, employer,
                                                                             team_user):
    from tests.finance.test_ledger import stored
    from tests.staffing.conftest import make_employee

    client.force_login(team_user)
    url = reverse("reporting:territory", args=[territory.pk])
    period = {"du": "2026-06", "au": "2026-10"}
    assert _data(client.get(url, period))["ledger"] is None

    person, _ = make_employee(territory, employer)
    stored(territory, employer, person, hired_on=date(2026, 7, 6),
           effects={"month_1": 1_000, "month_4": 20_000, "month_13": 30_000})
    response = client.get(url, period)
    ledger = _data(response)["ledger"]
    # In euros: nothing before the hire, month 1 from July, month 4 from October.
    assert ledger["effect"] == [0, 10, 10, 10, 200]
    assert ledger["money"][0] == 0 and all(value > 0 for value in ledger["money"][1:])
    assert "OpenFisca-France test" in response.content.decode()
