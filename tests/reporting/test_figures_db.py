"""The territory figures read from the database: the same facts as the engine's, by date."""

from datetime import date
from decimal import Decimal

from jobfactory.people import services as people
from jobfactory.reporting.figures import figures_for
from jobfactory.staffing import services as staffing
from tests.conftest import hire, make_eligible, make_person


def test_figures_of_a_known_territory_at_two_dates(territory, other_territory, employer,
                                                    team_user):
    hired = make_eligible(territory, team_user, date(2026, 1, 15))
    left = make_eligible(territory, team_user, date(2026, 1, 15))
    waiting = make_eligible(territory, team_user, date(2026, 2, 15))
    make_person(territory)  # registered, not yet interviewed
    refused = make_person(territory, arrived_in_territory_on=date(2025, 12, 1))
    people.record_interview(refused, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                            job_search_steps=True, notes="", user=team_user)
    people.record_decision(refused, decided_on=date(2026, 1, 15), outcome="not_eligible",
                           reason="Résidence de moins de six mois.", user=team_user)
    make_eligible(other_territory, team_user, date(2026, 1, 15))  # another territory

    hire(hired, employer, team_user, start=date(2026, 3, 2), hours=Decimal("35"))
    contract = hire(left, employer, team_user, start=date(2026, 3, 2), hours=Decimal("17.5"),
                    written_request_on=date(2026, 2, 20))
    staffing.end_contract(contract, end_on=date(2026, 4, 30), reason="ordinary_job", note="",
                          user=team_user)

    march = figures_for([territory], date(2026, 3, 31))[territory.pk]
    assert (march.registered, march.eligible, march.waiting, march.under_contract) == (5, 3, 1, 2)
    assert march.fte == Decimal("1.50")
    assert march.exhaustivity == Decimal("0.6667")  # 2 / (2 + 1)
    assert march.coverage == Decimal("0.0139")  # 5 / 360
    assert march.median_days_waiting == (date(2026, 3, 31) - waiting.eligible_since).days

    may = figures_for([territory], date(2026, 5, 15))[territory.pk]
    assert (may.under_contract, may.waiting, may.exits_total) == (1, 1, 1)
    assert may.exits_by_reason == {"ordinary_job": 1}
    assert may.exhaustivity == Decimal("0.5000")
    assert may.median_days_to_hire_last_12_months == 46  # 15 Jan -> 2 Mar
