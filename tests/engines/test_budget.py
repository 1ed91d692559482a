"""The employer's budget, on a small employer whose figures are worked out by hand below."""

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from jobfactory.engines.budget import (
    JOB_CONTRIBUTION_RATES,
    LABELS,
    Assumptions,
    BudgetError,
    ContractMonth,
    PlannedHire,
    RateRow,
    SupervisoryMonth,
    compare,
    employer_budget,
    project_hires,
    rate_on,
)
from jobfactory.engines.legislation import NoParameterValue, smic_schedule
from jobfactory.engines.payroll import WageCost

D = Decimal
MONTHLY_HOURS = D("151.67")
SMIC_JAN_APR_2023, SMIC_MAY_DEC_2023 = D("11.27"), D("11.52")  # décrets 2022-1608 and 2023-301
YEAR = 2023


def month(number: int) -> date:
    return date(YEAR, number, 1)


def euros_to_cents(euros: Decimal) -> int:
    return int((euros * 100).quantize(D(1), rounding=ROUND_HALF_UP))


def full_time_gross(number: int) -> int:
    smic = SMIC_JAN_APR_2023 if number <= 4 else SMIC_MAY_DEC_2023
    return euros_to_cents(smic * MONTHLY_HOURS)


# The employer: 4 full-time volunteers all year; one more at 17.5 h (0.5 FTE) from July; a
# supervisor at 0.5 FTE costing 1,500 EUR a month; employer contributions set at 25 EUR per
# full-time month (they come from payroll.py in the product; fixed here to keep the arithmetic plain).
FULL_TIME_CONTRIBUTIONS = 2500
CONTRACTS = [
    ContractMonth(month(m), D(1), full_time_gross(m), FULL_TIME_CONTRIBUTIONS)
    for m in range(1, 13) for _ in range(4)
] + [
    ContractMonth(month(m), D("0.5"), full_time_gross(m) // 2, FULL_TIME_CONTRIBUTIONS // 2)
    for m in range(7, 13)
] + [
    # The previous December: 4 FTE, the base of the year's net new FTE.
    ContractMonth(date(YEAR - 1, 12, 1), D(1), 167899, FULL_TIME_CONTRIBUTIONS) for _ in range(4)
]
SUPERVISORS = [SupervisoryMonth(month(m), D("0.5"), 150000) for m in range(1, 13)]
ASSUMPTIONS = Assumptions(
    name="Base",
    revenue={"Jardin": {month(9): 200000, month(10): 200000},
             "Recyclerie": {date(YEAR, 10, 20): 50000}},  # any day designates its month
    other_costs={"Loyer": {month(m): 80000 for m in range(1, 13)}},
    startup_grant_percent=D("30"),
)


@pytest.fixture(scope="module")
def budget():
    return employer_budget(YEAR, CONTRACTS, SUPERVISORS, ASSUMPTIONS, smic=smic_schedule())


def test_the_smic_of_2023_is_the_one_used_by_hand():
    smic = smic_schedule()
    assert smic.rate_on(month(4)).hourly_gross == SMIC_JAN_APR_2023
    assert smic.rate_on(month(5)).hourly_gross == SMIC_MAY_DEC_2023


def test_september_2023_by_hand(budget):
    september = budget.months[8]
    # Volunteers: 4 + 0.5 FTE; with the supervisor 5 FTE in all, so up to 0.5 supervisory FTE
    # (10 %) is funded: all of the 0.5.
    assert september.volunteer_fte == D("4.5")
    assert september.funded_supervisory_fte == D("0.5")
    # State: 102 % x 11.52 EUR x 151.67 h x 5 FTE = 8,910.91584 EUR.
    assert september.job_contribution_percent == D("102")
    state = euros_to_cents(D("1.02") * D("11.52") * D("151.67") * D("5"))
    assert state == 891092
    assert september.state_contribution_cents == state
    assert not september.capped
    # Département: 15 % of the State's share: 133,663.8 cents.
    departement = euros_to_cents(D("8910.92") * D("0.15"))
    assert departement == 133664
    assert september.departement_share_cents == departement
    # Start-up grant: 30 % x the year's gross SMIC x net new FTE (4.5 in December - 4 the
    # December before), spread over 12 months:
    # (4 x 11.27 + 8 x 11.52) x 151.67 = 20,815.1908 EUR; x 0.30 x 0.5 = 3,122.27862 EUR.
    grant = euros_to_cents((4 * D("11.27") + 8 * D("11.52")) * D("151.67") * D("0.30") * D("0.5"))
    assert grant == 312228
    assert september.startup_grant_cents == grant // 12 == 26019
    # Wages: 4 x 1,747.24 + 873.62 EUR; contributions 4 x 25 + 12.50 EUR.
    wages, contributions = 4 * 174724 + 87362, 4 * 2500 + 1250
    assert (september.wages_gross_cents, september.employer_contributions_cents) == (wages, contributions)
    balance = state + departement + grant // 12 + 200000 - wages - contributions - 150000 - 80000
    assert balance == 223267
    assert september.balance_cents == balance


def test_october_2023_by_hand_at_the_new_rate(budget):
    october = budget.months[9]
    assert october.job_contribution_percent == D("95")
    # 95 % x 11.52 EUR x 151.67 h x 5 FTE = 8,299.3824 EUR.
    state = euros_to_cents(D("0.95") * D("11.52") * D("151.67") * D("5"))
    assert october.state_contribution_cents == state == 829938
    assert october.departement_share_cents == euros_to_cents(D("8299.38") * D("0.15")) == 124491
    assert october.revenue_cents == 200000 + 50000
    assert october.revenue_by_activity == {"Jardin": 200000, "Recyclerie": 50000}
    wages, contributions = 4 * 174724 + 87362, 4 * 2500 + 1250
    assert october.balance_cents == (state + 124491 + 26019 + 250000
                                     - wages - contributions - 150000 - 80000) == 202940


def test_the_rate_changes_on_1_october_2023(budget):
    rates = [m.job_contribution_percent for m in budget.months]
    assert rates == [D("102")] * 9 + [D("95")] * 3


def test_supervision_is_funded_up_to_10_percent_of_all_fte(budget):
    march = budget.months[2]
    # 4 volunteers + 0.5 supervisor = 4.5 FTE: 0.45 funded, though 0.5 are paid.
    assert march.funded_supervisory_fte == D("0.45")
    assert march.supervisory_cost_cents == 150000
    # 102 % (carried over, unconfirmed) x 11.27 EUR x 151.67 h x 4.45 FTE = 7,758.6075651 EUR.
    assert march.state_contribution_cents == euros_to_cents(
        D("1.02") * D("11.27") * D("151.67") * D("4.45")) == 775861


def test_an_unconfirmed_rate_is_an_assumption_and_said_so(budget):
    march, september = budget.months[2], budget.months[8]
    assert "state_contribution_cents" in march.assumed
    assert "departement_share_cents" in march.assumed
    assert "state_contribution_cents" not in september.assumed
    assert "departement_share_cents" not in september.assumed
    assert any(w.startswith("2023-03") and "non confirmé" in w for w in budget.warnings)
    assert not any(w.startswith("2023-09") for w in budget.warnings)


def test_scenario_figures_are_labelled_as_assumptions(budget):
    september = budget.months[8]
    assert {"revenue_cents", "other_costs_cents", "startup_grant_cents", "balance_cents"} <= september.assumed
    # From the payroll and the law, not assumed:
    assert not {"wages_gross_cents", "employer_contributions_cents", "volunteer_fte",
                "supervisory_cost_cents"} & september.assumed
    assert set(budget.sources) <= set(LABELS)
    assert "OpenFisca-France" in budget.sources["state_contribution_cents"]


def test_year_totals(budget):
    totals = budget.totals
    assert totals.state_contribution_cents == sum(m.state_contribution_cents for m in budget.months)
    assert totals.startup_grant_cents == 312228  # the spread loses no cent
    assert totals.net_new_fte == D("0.5")
    assert totals.revenue_cents == 450000
    assert totals.other_costs_cents == 12 * 80000
    # FTE-years: volunteers 4 x 12 + 0.5 x 6 = 51 FTE-months; supervisor 6; 57 / 12 = 4.75.
    assert totals.volunteer_fte_years + totals.supervisory_fte_years == D("4.75")
    costs = (totals.wages_gross_cents + totals.employer_contributions_cents
             + totals.supervisory_cost_cents + totals.other_costs_cents)
    assert totals.cost_per_fte_cents == int((D(costs) / D("4.75")).quantize(D(1), rounding=ROUND_HALF_UP))
    assert totals.revenue_per_fte_cents == int((D(450000) / D("4.75")).quantize(D(1), rounding=ROUND_HALF_UP))
    assert totals.balance_cents == sum(m.balance_cents for m in budget.months)
    assert totals.capped_months == ()


def _one_volunteer(contributions: int, **changes):
    return employer_budget(YEAR, [ContractMonth(month(9), D(1), 174724, contributions)], [],
                           replace(Assumptions(), **changes), smic=smic_schedule())


def test_the_contribution_is_capped_at_the_salary_it_funds():
    # 102 % x 11.52 x 151.67 = 1,782.18 EUR for one FTE, above a 1,747.24 EUR gross wage with
    # 28.76 EUR of contributions: capped at 1,776.00 EUR, and said.
    september = _one_volunteer(2876).months[8]
    assert september.state_contribution_uncapped_cents == 178218
    assert september.capped
    assert september.state_contribution_cents == 174724 + 2876
    assert september.departement_share_cents == euros_to_cents(D("1776.00") * D("0.15"))
    # Wider reading of decree 2021-863 art. 24: the State and the département together.
    both = _one_volunteer(2876, cap_includes_departement=True).months[8]
    assert both.state_contribution_cents + both.departement_share_cents == 174724 + 2876


def test_no_cap_below_the_salary():
    october = _one_volunteer(2876).months[9]  # no contract in October: nothing to fund
    assert october.state_contribution_cents == 0 and not october.capped
    budget = employer_budget(YEAR, [ContractMonth(month(10), D(1), 174724, 2876)], [], Assumptions())
    assert not budget.months[9].capped
    assert budget.months[9].state_contribution_cents == 165988  # 95 %: 1,659.87648 EUR


def test_departement_share_is_editable_but_at_least_15_percent():
    september = _one_volunteer(10000, departement_share_percent=D("20")).months[8]
    assert september.departement_share_cents == euros_to_cents(D("1782.18") * D("0.20"))
    assert "departement_share_cents" in september.assumed
    with pytest.raises(BudgetError) as error:
        _one_volunteer(2876, departement_share_percent=D("14.99"))
    assert set(error.value.problems) == {"departement_share_percent"}


def test_startup_grant_rate_is_at_most_30_percent():
    hired_in_december = [ContractMonth(month(12), D(1), 174724, 2876)]
    budget = employer_budget(YEAR, hired_in_december, [], replace(Assumptions(), startup_grant_percent=D(30)),
                             fte_before=D(0))
    # 1 net new FTE: 30 % x (4 x 11.27 + 8 x 11.52) x 151.67 EUR = 6,244.55724 EUR.
    assert budget.totals.startup_grant_cents == 624456
    assert [m.startup_grant_cents for m in budget.months] == [52038] * 12
    with pytest.raises(BudgetError) as error:
        _one_volunteer(2876, startup_grant_percent=D("30.01"), departement_share_percent=D("10"))
    # Every problem at once.
    assert set(error.value.problems) == {"startup_grant_percent", "departement_share_percent"}


def test_the_rate_table_is_data():
    assert rate_on(JOB_CONTRIBUTION_RATES, date(2017, 6, 1)).percent == D("101")
    assert not rate_on(JOB_CONTRIBUTION_RATES, date(2018, 6, 1)).confirmed
    assert not rate_on(JOB_CONTRIBUTION_RATES, date(2023, 6, 30)).confirmed
    assert rate_on(JOB_CONTRIBUTION_RATES, date(2023, 7, 1)).confirmed
    with pytest.raises(NoParameterValue):
        rate_on(JOB_CONTRIBUTION_RATES, date(2016, 12, 31))
    table = (RateRow(date(2023, 1, 1), D("80"), "test"),)
    budget = employer_budget(YEAR, [ContractMonth(month(10), D(1), 174724, 2876)], [], Assumptions(),
                             rates=table)
    assert budget.months[9].state_contribution_cents == euros_to_cents(
        D("0.80") * D("11.52") * D("151.67"))
    assert "state_contribution_cents" not in budget.months[9].assumed  # a confirmed row


def test_a_scenario_rate_override_is_an_assumption():
    changed = replace(Assumptions(), rate_overrides=(RateRow(date(2023, 10, 1), D("90"), "baisse"),))
    budget = employer_budget(YEAR, [ContractMonth(month(11), D(1), 174724, 2876)], [], changed)
    assert budget.months[10].job_contribution_percent == D("90")
    assert {"job_contribution_percent", "state_contribution_cents"} <= budget.months[10].assumed


class FakePayroll:
    """Stands in for payroll.wage_costs: a known cost, and a record of the call."""

    def __init__(self):
        self.calls = []

    def __call__(self, months, weekly_hours, *, employer_headcount):
        self.calls.append((list(months), list(weekly_hours), employer_headcount))
        return {(m, h): WageCost(int(100000 * h / 35), 30000, 29000)
                for m, h in zip(months, weekly_hours, strict=True)}


def test_planned_hires_become_contract_months():
    payroll = FakePayroll()
    hires = [PlannedHire(date(YEAR, 10, 15), D("24"), count=2), PlannedHire(month(12), D("35"))]
    months = project_hires(hires, YEAR, employer_headcount=12, wage_costs=payroll)
    assert len(payroll.calls) == 1 and payroll.calls[0][2] == 12
    # October to December for the two at 24 h, December for the full-timer.
    assert len(months) == 2 * 3 + 1
    assert all(m.planned for m in months)
    october = [m for m in months if m.month == month(10)]
    assert [m.fte for m in october] == [D(24) / D(35)] * 2
    assert october[0].gross_cents == 68571 and october[0].employer_contributions_cents == 1000


def test_scenarios_compare_side_by_side():
    payroll = FakePayroll()
    base = replace(ASSUMPTIONS, startup_grant_percent=D(0))
    growth = replace(base, name="Croissance", hires=(PlannedHire(month(7), D("35"), count=2),),
                     departement_share_percent=D("20"))
    budgets = [employer_budget(YEAR, CONTRACTS, SUPERVISORS, a, wage_costs=payroll) for a in (base, growth)]
    assert payroll.calls[0][2] == 4 + 1 + 2 + 1  # busiest month, the hires, the supervisor
    july_growth = budgets[1].months[6]
    assert july_growth.volunteer_fte == budgets[0].months[6].volunteer_fte + 2
    assert {"volunteer_fte", "wages_gross_cents", "state_contribution_cents"} <= july_growth.assumed
    assert "volunteer_fte" not in budgets[1].months[5].assumed  # before the hires
    comparison = compare(budgets)
    assert comparison.scenarios == ("Base", "Croissance")
    rows = {row.key: row for row in comparison.rows}
    state = rows["state_contribution_cents"]
    assert state.values == (budgets[0].totals.state_contribution_cents,
                            budgets[1].totals.state_contribution_cents)
    assert state.values[1] > state.values[0]
    assert rows["departement_share_cents"].label == "Participation du département"
    assert rows["volunteer_fte_years"].assumed == (False, True)
    assert rows["revenue_cents"].values == (450000, 450000)
