"""What each endpoint returns, for a user in scope."""

from datetime import date
from decimal import Decimal

from jobfactory.audit.models import AccessLog, Action
from tests.conftest import hire, make_eligible, make_person

ROW_KEYS = {"public_id", "first_name", "last_name", "status", "status_label", "registered_at",
            "eligible_since", "chosen_hours"}


def test_territory_detail_has_the_figures_of_the_page(client, territory, team_user, employer, as_user):
    first = make_eligible(territory, team_user, date(2026, 2, 2))
    make_eligible(territory, team_user, date(2026, 2, 3))
    hire(first, employer, team_user, start=date(2026, 3, 2))
    get = as_user(team_user)
    body = get(f"/api/territories/{territory.pk}?on=2026-03-10").json()
    figures = body["figures"]
    assert body["name"] == territory.name and body["programme_name"] == "Métropole test"
    assert figures["on"] == "2026-03-10"
    assert (figures["registered"], figures["eligible"], figures["waiting"], figures["under_contract"]) == (
        2, 2, 1, 1)
    assert Decimal(figures["fte"]) == Decimal("1.00")
    assert Decimal(figures["exhaustivity"]) == Decimal("0.5")
    assert figures["estimated_ppde"] == 360
    before = get(f"/api/territories/{territory.pk}?on=2026-02-02").json()["figures"]
    assert (before["waiting"], before["under_contract"]) == (1, 0)


def test_territory_detail_refuses_a_bad_date(territory, team_user, as_user):
    assert as_user(team_user)(f"/api/territories/{territory.pk}?on=31/12/2026").status_code == 422


def test_people_list_is_paginated_and_shows_the_page_fields(territory, team_user, as_user):
    for name in ("Durand", "Bernard", "Martin"):
        make_person(territory, last_name=name, health_notes="", email="x@example.org")
    get = as_user(team_user)
    page = get(f"/api/territories/{territory.pk}/people?limit=2&offset=0").json()
    assert page["count"] == 3
    assert [p["last_name"] for p in page["items"]] == ["Bernard", "Durand"]
    assert set(page["items"][0]) == ROW_KEYS
    rest = get(f"/api/territories/{territory.pk}/people?limit=2&offset=2").json()
    assert [p["last_name"] for p in rest["items"]] == ["Martin"]
    assert get(f"/api/territories/{territory.pk}/people?limit=501").status_code == 422


def test_people_list_filters_by_status(territory, team_user, as_user):
    make_person(territory)
    waiting = make_eligible(territory, team_user, date(2026, 2, 2))
    get = as_user(team_user)
    page = get(f"/api/territories/{territory.pk}/people?status=waiting").json()
    assert [p["public_id"] for p in page["items"]] == [str(waiting.public_id)]
    assert page["items"][0]["status_label"] == "Éligible, sur la liste d'attente"
    assert get(f"/api/territories/{territory.pk}/people?status=nonsense").status_code == 422


def test_waiting_list_in_the_order_of_the_page(territory, team_user, as_user):
    late = make_eligible(territory, team_user, date(2026, 2, 10))
    early = make_eligible(territory, team_user, date(2026, 2, 2))
    make_person(territory)  # registered only: not on the list
    rows = as_user(team_user)(f"/api/territories/{territory.pk}/waiting-list").json()
    assert [r["public_id"] for r in rows] == [str(early.public_id), str(late.public_id)]
    assert [r["position"] for r in rows] == [1, 2]
    assert [r["next_up"] for r in rows] == [True, False]
    assert rows[0]["eligible_since"] == "2026-02-02" and rows[0]["pending_skip_reason"] is None


def test_person_endpoint_shows_main_fields_and_no_sensitive_data(person, team_user, as_user):
    body = as_user(team_user)(f"/api/people/{person.public_id}").json()
    assert body["public_id"] == str(person.public_id)
    assert body["last_name"] == "Vandenbussche"
    for hidden in ("address", "email", "phone", "health_notes", "household", "rqth", "id",
                   "home_latitude"):
        assert hidden not in body


def test_person_endpoint_writes_one_access_log_line(person, team_user, other_team_user, as_user):
    assert as_user(team_user)(f"/api/people/{person.public_id}").status_code == 200
    lines = list(AccessLog.objects.all())
    assert len(lines) == 1
    line = lines[0]
    assert (line.user, line.action, line.person_public_id) == (team_user, Action.VIEW, person.public_id)
    assert "Vandenbussche" not in line.detail
    # Outside the scope: 404, and nothing is logged.
    assert as_user(other_team_user)(f"/api/people/{person.public_id}").status_code == 404
    assert AccessLog.objects.count() == 1


def test_activities_with_their_hours(activity, territory, team_user, as_user):
    rows = as_user(team_user)(f"/api/territories/{territory.pk}/activities").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["public_id"] == str(activity.public_id)
    assert row["status"] == "proposed" and row["status_label"] == "Proposée"
    assert Decimal(row["weekly_hours"]) == Decimal(35)
    assert row["skill_needs"] == [{"rome_code": "I1607", "hours_per_week": "35.00"}]
