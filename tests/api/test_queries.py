"""List endpoints run a fixed number of SQL queries, whatever the number of rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.territories.models import Territory
from tests.conftest import make_eligible, make_person


def _count(get, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(url).status_code == 200
    return len(queries)


def _same_count_for_3_and_30(get, url, add_one, django_assert_max_num_queries):
    for _ in range(3):
        add_one()
    with_3 = _count(get, url)
    for _ in range(27):
        add_one()
    with django_assert_max_num_queries(with_3):
        response = get(url)
    assert response.status_code == 200
    return response


def test_people_list(territory, team_user, as_user, django_assert_max_num_queries):
    url = f"/api/territories/{territory.pk}/people"
    response = _same_count_for_3_and_30(as_user(team_user), url, lambda: make_person(territory),
                                        django_assert_max_num_queries)
    assert response.json()["count"] == 30


def test_waiting_list(territory, team_user, as_user, django_assert_max_num_queries):
    url = f"/api/territories/{territory.pk}/waiting-list"
    response = _same_count_for_3_and_30(
        as_user(team_user), url, lambda: make_eligible(territory, team_user, date(2026, 2, 2)),
        django_assert_max_num_queries)
    assert len(response.json()) == 30


def test_territory_list(programme, fund_user, as_user, django_assert_max_num_queries):
    names = iter(range(100))
    response = _same_count_for_3_and_30(
        as_user(fund_user), "/api/territories",
        lambda: Territory.objects.create(programme=programme, name=f"T{next(names)}"),
        django_assert_max_num_queries)
    assert len(response.json()) == 30


def test_activities(territory, team_user, as_user, django_assert_max_num_queries):
    def add_one():
        activity = Activity.objects.create(territory=territory, title="A", description="d",
                                           naf_codes=["95.29Z"], customers=["residents"])
        SkillNeed.objects.create(activity=activity, rome_code="I1607", hours_per_week=10)

    url = f"/api/territories/{territory.pk}/activities"
    response = _same_count_for_3_and_30(as_user(team_user), url, add_one, django_assert_max_num_queries)
    assert len(response.json()) == 30


@pytest.mark.parametrize("n", [3, 30])
def test_territory_detail(territory, team_user, as_user, n, django_assert_max_num_queries):
    for _ in range(n):
        make_eligible(territory, team_user, date(2026, 2, 2))
    with django_assert_max_num_queries(12):
        assert as_user(team_user)(f"/api/territories/{territory.pk}").status_code == 200
