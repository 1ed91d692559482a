"""The budget service on a small employer whose March 2026 is worked out by hand below."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from jobfactory.activities.models import Activity
from jobfactory.engines.budget import BudgetError
from jobfactory.finance import budget_service
from jobfactory.finance.models import BudgetScenario
from jobfactory.people.enums import PersonStatus
from jobfactory.staffing.models import Amendment
from jobfactory.territories.enums import Role
from tests.conftest import make_person, make_user
from tests.staffing.conftest import make_employee, make_running

D = Decimal
YEAR = 2026
TODAY = date(2026, 12, 15)  # December: no month left to plan, the year is the contracts'
SMIC_JAN_MAY_2026 = D("12.02")  # décret 2025-1228, as OpenFisca-France gives it


def cents(euros: Decimal) -> int:
    return int((euros * 100).quantize(D(1), rounding=ROUND_HALF_UP))


@pytest.fixture
def small_employer(territory, employer):
    """Two full-time contracts (one ends on 30 April 2026), one at 24 h from 1 March 2026 that goes to
    30 h from 1 September, and a running activity expecting 24,000 EUR a year."""
    make_employee(territory, employer, hours="35", start=date(2025, 1, 6), last_name="Alpha")
    _, ending = make_employee(territory, employer, hours="35", start=date(2025, 6, 1), last_name="Beta")
    ending.end_on = date(2026, 4, 30)
    ending.save()
    _, part_time = make_employee(territory, employer, hours="24", start=date(2026, 3, 1), last_name="Gamma")
    Amendment.objects.create(contract=part_time, effective_on=date(2026, 9, 1), weekly_hours=D("30"))
    activity = make_running(territory, employer, "Atelier vélo", {"I1117": "35"})
    Activity.objects.filter(pk=activity.pk).update(
        expected_revenue=D("24000"), expected_costs=D("6000"), status_since=date(2020, 1, 1))
    return employer


@pytest.fixture
def base(small_employer):
    return budget_service.ensure_base(small_employer, YEAR, today=TODAY)


def test_the_base_scenario_comes_from_the_real_data(base, small_employer):
    a = base.assumptions
    assert base.name == "Budget de base" and base.year == YEAR
    assert a["hires"] == []  # December: nothing left to plan
    assert a["revenue"] == [{"activity": a["revenue"][0]["activity"], "label": "Atelier vélo",
                             "monthly_cents": [200000] * 12}]  # 24,000 EUR / 12
    assert a["other_costs"][0]["monthly_cents"] == [50000] * 12
    assert a["departement_share_percent"] == "15" and a["startup_grant_percent"] == "0"
    assert all(a["basis"][key] for key in ("hires", "revenue", "supervisory", "departement_share_percent"))
    # A second visit finds it again.
    assert budget_service.ensure_base(small_employer, YEAR, today=TODAY).pk == base.pk


def test_march_2026_by_hand(base):
    budget_service.update_assumptions(base, {**base.assumptions, "supervisory_fte": "0"}, user=None,
                                      today=TODAY)
    result = budget_service.compute([base], today=TODAY)[0]
    march = result.budget.months[2]
    # Two full-time contracts and 24 h: 1 + 1 + 24/35 = 2.6857 FTE (to four places, as the payroll).
    fte = 2 + D("0.6857")
    assert march.volunteer_fte == fte
    # The rate in force since 1 October 2023 (95 %), the SMIC of January 2026 (12.02 EUR).
    assert march.job_contribution_percent == D("95") and march.smic_hourly == SMIC_JAN_MAY_2026
    state = cents(D("0.95") * SMIC_JAN_MAY_2026 * D("151.67") * fte)
    assert state == 465142  # 0.95 x 12.02 x 151.67 x 2.6857 = 4,651.4160 EUR
    assert march.state_contribution_cents == state and not march.capped
    departement = cents(D(state) / 100 * D("0.15"))
    assert march.departement_share_cents == departement == 69771  # 15 % of 4,651.42 EUR
    gross = 2 * cents(SMIC_JAN_MAY_2026 * D("151.67")) + cents(SMIC_JAN_MAY_2026 * D("151.67") * 24 / 35)
    assert march.wages_gross_cents == gross
    assert 0 < march.employer_contributions_cents < gross // 5  # OpenFisca, after the general reduction
    assert march.revenue_cents == 200000 and march.other_costs_cents == 50000
    assert march.balance_cents == (state + departement + 200000 - gross - march.employer_contributions_cents
                                   - 50000)
    # May: the second contract has ended; September: 30 h.
    assert result.budget.months[4].volunteer_fte == 1 + D("0.6857")
    assert result.budget.months[8].volunteer_fte == 1 + D("0.8571")
    # What rests on an assumption is said so; the payroll's figures are not.
    assert {"revenue_cents", "other_costs_cents", "balance_cents"} <= march.assumed
    assert not {"wages_gross_cents", "state_contribution_cents", "volunteer_fte"} & march.assumed


def test_supervisory_staff_are_funded_up_to_10_percent_and_labelled_assumptions(base):
    data = {**base.assumptions, "supervisory_fte": "0.5", "supervisory_cost_per_fte_cents": 300000}
    budget_service.update_assumptions(base, data, user=None, today=TODAY)
    march = budget_service.compute([base], today=TODAY)[0].budget.months[2]
    # 2.6857 + 0.5 FTE in all: 10 % is 0.31857, the funded part of the 0.5 supervisory FTE.
    funded = (2 + D("0.6857") + D("0.5")) * D("0.10")
    assert march.funded_supervisory_fte == funded
    assert march.state_contribution_cents == cents(D("0.95") * SMIC_JAN_MAY_2026 * D("151.67")
                                                   * (2 + D("0.6857") + funded))
    assert march.supervisory_cost_cents == 150000
    assert {"supervisory_cost_cents", "funded_supervisory_fte", "state_contribution_cents"} <= march.assumed


def test_planned_hires_take_the_waiting_list_in_order_at_their_hours(territory, small_employer):
    for hours in ("35", "24", "30"):
        make_person(territory, status=PersonStatus.WAITING, chosen_hours=D(hours),
                    eligible_since=date(2026, 1, 1))
    hires = budget_service.default_hires(small_employer, YEAR, date(2026, 10, 15), per_month=D(1))
    assert hires == [{"month": "2026-11", "weekly_hours": "35", "count": 1},
                     {"month": "2026-12", "weekly_hours": "24", "count": 1}]
    # No more than the list holds.
    assert sum(h["count"] for h in budget_service.default_hires(
        small_employer, YEAR, date(2026, 10, 15), per_month=D(5))) == 3
    # A past year plans nothing.
    assert budget_service.default_hires(small_employer, 2025, date(2026, 10, 15), per_month=D(1)) == []


def test_planned_hires_of_past_months_are_ignored(base):
    data = {**base.assumptions, "supervisory_fte": "0",
            "hires": [{"month": "2026-06", "weekly_hours": "35", "count": 2},
                      {"month": "2026-12", "weekly_hours": "35", "count": 1}]}
    budget_service.update_assumptions(base, data, user=None, today=TODAY)
    result = budget_service.compute([base], today=TODAY)[0]
    assert result.ignored_hires == 1
    june, december = result.budget.months[5], result.budget.months[11]
    assert "volunteer_fte" not in june.assumed
    assert "volunteer_fte" in december.assumed
    assert december.volunteer_fte == 1 + D("0.8571") + 1


def test_a_copy_leaves_the_original_unchanged(base):
    manager = make_user("m", Role.EMPLOYER_MANAGER, employer=base.employer)
    before = dict(base.assumptions)
    copy = budget_service.copy_scenario(base, "Plus de chiffre d'affaires", user=manager)
    assert copy.based_on == base and copy.assumptions == before
    budget_service.update_assumptions(copy, {**copy.assumptions, "departement_share_percent": "20"},
                                      user=manager, today=TODAY)
    base.refresh_from_db()
    copy.refresh_from_db()
    assert base.assumptions == before
    assert copy.assumptions["departement_share_percent"] == "20"
    assert copy.assumptions["basis"]["departement_share_percent"].startswith("Saisi dans ce scénario")
    with pytest.raises(budget_service.ScenarioNameTaken):
        budget_service.copy_scenario(base, "Plus de chiffre d'affaires", user=manager)


def test_a_departement_share_under_15_percent_is_refused_and_nothing_saved(base):
    before = dict(base.assumptions)
    with pytest.raises(BudgetError) as refused:
        budget_service.update_assumptions(base, {**before, "departement_share_percent": "10",
                                                 "startup_grant_percent": "40"}, user=None, today=TODAY)
    assert "au moins 15 %" in refused.value.problems["departement_share_percent"]
    assert "de 0 à 30 %" in refused.value.problems["startup_grant_percent"]
    base.refresh_from_db()
    assert base.assumptions == before
    assert BudgetScenario.objects.count() == 1


def test_scope_of_the_budgets(programme, small_employer, territory):
    from jobfactory.territories.models import Employer

    other = Employer.objects.create(programme=programme, name="Autre EBE")
    manager = make_user("m", Role.EMPLOYER_MANAGER, employer=small_employer)
    officer = make_user("p", Role.PROGRAMME_OFFICER, programme=programme)
    member = make_user("c", Role.COMMITTEE_MEMBER, territories=[territory])
    assert list(budget_service.budget_employers(manager)) == [small_employer]
    assert set(budget_service.budget_employers(officer)) == {small_employer, other}
    assert not budget_service.budget_employers(member).exists()
    assert budget_service.can_edit(manager, small_employer)
    assert not budget_service.can_edit(manager, other)
    assert not budget_service.can_edit(officer, small_employer)
