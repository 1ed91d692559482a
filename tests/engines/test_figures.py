"""A territory's figures at a date, on a small dataset built by hand."""

from datetime import date
from decimal import Decimal

import pytest

from jobfactory.engines.contracts import ContractTerms, HoursChange
from jobfactory.engines.figures import (
    ContractFacts,
    Decision,
    PersonFacts,
    eligible_since,
    territory_figures,
)

H35, H30, H24 = Decimal("35"), Decimal("30"), Decimal("24")
ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"

D = date(2026, 3, 31)  # the main date: March 2026 has 31 days
D0 = date(2025, 12, 31)  # an earlier date: later events must not count


def yes(on):
    return Decision(on, ELIGIBLE)


def no(on):
    return Decision(on, NOT_ELIGIBLE)


PEOPLE = [
    # 1, 2: registered only (met, no committee decision yet).
    PersonFacts(1, date(2025, 1, 10)),
    PersonFacts(2, date(2025, 2, 1)),
    # 3: eligible, waiting since 2025-06-01.
    PersonFacts(3, date(2025, 3, 1), (yes(date(2025, 6, 1)),)),
    # 4: eligible on 2025-09-01, confirmed on 2025-12-01: still waiting since 2025-09-01.
    PersonFacts(4, date(2025, 3, 1), (yes(date(2025, 12, 1)), yes(date(2025, 9, 1)))),
    # 5: eligible 2025-10-15, hired full time 2025-11-03.
    PersonFacts(5, date(2025, 4, 1), (yes(date(2025, 10, 15)),)),
    # 6: eligible 2025-06-01, hired 2025-07-01 at 24 h, 30 h from 2026-03-16.
    PersonFacts(6, date(2025, 4, 1), (yes(date(2025, 6, 1)),)),
    # 7: hired in 2024, left for another job on 2025-10-31.
    PersonFacts(7, date(2024, 1, 10), (yes(date(2024, 3, 1)),)),
    # 8: eligible 2025-07-01, withdrew on 2026-01-10.
    PersonFacts(8, date(2025, 5, 1), (yes(date(2025, 7, 1)),), withdrawn_on=date(2026, 1, 10)),
    # 9: eligible 2025-08-01, then moved away: not eligible on 2026-02-01.
    PersonFacts(9, date(2025, 5, 1), (yes(date(2025, 8, 1)), no(date(2026, 2, 1)))),
    # 10: registered after D.
    PersonFacts(10, date(2026, 4, 2), (yes(date(2026, 4, 20)),)),
    # 11: eligible 2026-01-05; contract signed to start on 2026-04-01, after D: waiting at D.
    PersonFacts(11, date(2025, 6, 1), (yes(date(2026, 1, 5)),)),
    # 12: eligible 2025-12-01, hired 2026-03-16 on a fixed term.
    PersonFacts(12, date(2025, 6, 1), (yes(date(2025, 12, 1)),)),
    # 13: hired in 2023, retired at the end of 2024.
    PersonFacts(13, date(2023, 1, 1), (yes(date(2023, 2, 1)),)),
    # 14: registered 2026-01-15, eligible on D itself.
    PersonFacts(14, date(2026, 1, 15), (yes(D),)),
    # 15: not eligible, then eligible on 2026-02-02: waiting since then, not since before.
    PersonFacts(15, date(2025, 9, 1), (no(date(2025, 10, 1)), yes(date(2026, 2, 2)))),
    # 16: eligible 2025-06-15, hired 2026-02-16 on a fixed term that ended on 2026-03-15.
    PersonFacts(16, date(2025, 5, 1), (yes(date(2025, 6, 15)),)),
]

CONTRACTS = [
    ContractFacts(5, ContractTerms(date(2025, 11, 3), None, H35)),
    ContractFacts(6, ContractTerms(date(2025, 7, 1), None, H24,
                                   changes=(HoursChange(date(2026, 3, 16), H30),))),
    ContractFacts(7, ContractTerms(date(2024, 4, 1), date(2025, 10, 31), H35), "other_job"),
    ContractFacts(11, ContractTerms(date(2026, 4, 1), None, H35)),
    ContractFacts(12, ContractTerms(date(2026, 3, 16), date(2026, 9, 15), H35)),
    ContractFacts(13, ContractTerms(date(2023, 3, 1), date(2024, 12, 31), H35), "retirement"),
    ContractFacts(16, ContractTerms(date(2026, 2, 16), date(2026, 3, 15), H35),
                  "end_of_fixed_term"),
]


@pytest.fixture(scope="module")
def at_d():
    return territory_figures(PEOPLE, CONTRACTS, D, estimated_ppde=40)


@pytest.fixture(scope="module")
def at_d0():
    return territory_figures(PEOPLE, CONTRACTS, D0, estimated_ppde=40)


# --- at D -----------------------------------------------------------------------------------

def test_registered_counts_everyone_met_by_the_date(at_d):
    # All but 10, who registered after D; the withdrawn (8) and the moved away (9) were met.
    assert at_d.registered == 15
    assert at_d.on == D


def test_eligible_counts_latest_decisions_recognising_eligibility(at_d):
    # 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16 (not 9: latest decision not eligible).
    assert at_d.eligible == 12


def test_waiting_are_eligible_not_withdrawn_and_not_hired(at_d):
    # 3, 4, 11 (contract starting after D), 14 (eligible on D), 15.
    assert at_d.waiting == 5


def test_under_contract_at_the_date(at_d):
    # 5, 6, 12; 7, 13 and 16 have left, 11 has not started.
    assert at_d.under_contract == 3


def test_fte_on_the_date(at_d):
    # 1 (5) + 30/35 (6, amended on 16 March) + 1 (12) = 2.857...
    assert at_d.fte == Decimal("2.86")


def test_month_fte_counts_every_day_of_the_month(at_d):
    # 5: 1; 6: (15 x 24/35 + 16 x 30/35) / 31 = 24/31; 12: 16/31; 16: 15/31.
    # Total 1 + 55/31 = 86/31 = 2.774...
    assert at_d.month_fte == Decimal("2.77")


def test_exits_by_reason_and_in_the_last_12_months(at_d):
    assert at_d.exits_total == 3
    assert at_d.exits_by_reason == {"other_job": 1, "retirement": 1, "end_of_fixed_term": 1}
    assert at_d.exits_last_12_months == 2  # 7 and 16; 13 left more than a year before D


def test_exhaustivity_is_under_contract_over_under_contract_plus_waiting(at_d):
    assert at_d.exhaustivity == Decimal(3) / Decimal(3 + 5)
    assert at_d.exhaustivity == Decimal("0.375")


def test_coverage_is_volunteers_met_over_estimated_ppde(at_d):
    assert at_d.estimated_ppde == 40
    assert at_d.coverage == Decimal(15) / Decimal(40)


def test_median_days_waiting(at_d):
    # 14: 0, 15: 57 (since 2026-02-02), 11: 85, 4: 211 (since 2025-09-01), 3: 303.
    assert at_d.median_days_waiting == 85


def test_median_days_to_hire_in_the_last_12_months(at_d):
    # 5: 19, 6: 30, 12: 105, 16: 246 (7 and 13 were hired long ago, 11 after D).
    assert at_d.hires_last_12_months == 4
    assert at_d.median_days_to_hire_last_12_months == 67.5


# --- at an earlier date: later events are ignored -----------------------------------------------

def test_figures_at_an_earlier_date_ignore_later_events(at_d0):
    assert at_d0.on == D0
    # Not 10 nor 14, registered later.
    assert at_d0.registered == 14
    # 3, 4, 5, 6, 7, 8, 9 (not yet moved away), 12, 13, 16; not 11 (decided later), not 15.
    assert at_d0.eligible == 10
    # 3, 4, 8 (withdraws later), 9, 12 and 16 (hired later).
    assert at_d0.waiting == 6
    # 5 and 6 (at 24 h: the amendment is later).
    assert at_d0.under_contract == 2
    assert at_d0.fte == Decimal("1.69")  # 1 + 24/35
    assert at_d0.month_fte == Decimal("1.69")
    # 7 and 13; 13's last day was exactly a year (365 days) before.
    assert at_d0.exits_total == 2
    assert at_d0.exits_by_reason == {"other_job": 1, "retirement": 1}
    assert at_d0.exits_last_12_months == 2
    assert at_d0.exhaustivity == Decimal("0.25")  # 2 / (2 + 6)
    assert at_d0.coverage == Decimal(14) / Decimal(40)
    # 12: 30, 4: 121, 9: 152, 8: 183, 16: 199, 3: 213.
    assert at_d0.median_days_waiting == 167.5
    # 5: 19, 6: 30.
    assert at_d0.hires_last_12_months == 2
    assert at_d0.median_days_to_hire_last_12_months == 24.5


def test_an_exit_counts_from_the_day_after_the_last_day_under_contract():
    terms = ContractTerms(date(2025, 1, 1), date(2026, 3, 15), H35)
    people = [PersonFacts(1, date(2024, 12, 1), (yes(date(2024, 12, 15)),))]
    contracts = [ContractFacts(1, terms, None)]
    on_last_day = territory_figures(people, contracts, date(2026, 3, 15))
    assert on_last_day.under_contract == 1
    assert on_last_day.exits_total == 0
    day_after = territory_figures(people, contracts, date(2026, 3, 16))
    assert day_after.under_contract == 0
    assert day_after.exits_total == 1
    assert day_after.exits_by_reason == {"other": 1}  # no reason recorded
    assert day_after.waiting == 0  # leaving the EBE is not waiting again


def test_exits_more_than_a_year_ago_are_not_in_the_last_12_months():
    terms = ContractTerms(date(2024, 1, 1), date(2025, 3, 30), H35)
    people = [PersonFacts(1, date(2023, 12, 1), (yes(date(2023, 12, 15)),))]
    figures = territory_figures(people, [ContractFacts(1, terms, "dismissal")], D)
    assert figures.exits_total == 1
    assert figures.exits_by_reason == {"dismissal": 1}
    assert figures.exits_last_12_months == 0


def test_no_ratio_without_a_denominator():
    figures = territory_figures([PersonFacts(1, date(2025, 1, 1))], [], D)
    assert figures.registered == 1
    assert figures.exhaustivity is None  # nobody under contract nor waiting
    assert figures.coverage is None  # no estimated PPDE
    assert figures.estimated_ppde is None
    assert figures.median_days_waiting is None
    assert figures.median_days_to_hire_last_12_months is None
    assert figures.hires_last_12_months == 0
    assert figures.fte == 0 and figures.month_fte == 0


def test_exhaustivity_is_zero_when_everyone_waits_and_one_when_nobody_does():
    waiting = [PersonFacts(1, date(2025, 1, 1), (yes(date(2025, 2, 1)),))]
    assert territory_figures(waiting, [], D).exhaustivity == 0
    hired = [ContractFacts(1, ContractTerms(date(2025, 3, 1), None, H35))]
    assert territory_figures(waiting, hired, D).exhaustivity == 1


# --- eligible_since: the waiting list's order -----------------------------------------------------

def test_eligible_since_keeps_the_first_date_of_a_run_of_eligible_decisions():
    decisions = [yes(date(2025, 3, 1)), yes(date(2025, 6, 1)), yes(date(2025, 9, 1))]
    assert eligible_since(decisions, D) == date(2025, 3, 1)


def test_eligible_since_resets_after_a_not_eligible_decision():
    decisions = [yes(date(2025, 3, 1)), no(date(2025, 6, 1)), yes(date(2025, 9, 1)),
                 yes(date(2025, 12, 1))]
    assert eligible_since(decisions, D) == date(2025, 9, 1)
    assert eligible_since(decisions, date(2025, 7, 1)) is None
    assert eligible_since(decisions, date(2025, 5, 31)) == date(2025, 3, 1)


def test_eligible_since_is_none_when_the_latest_decision_is_not_eligible():
    assert eligible_since([yes(date(2025, 3, 1)), no(date(2025, 6, 1))], D) is None
    assert eligible_since([], D) is None


def test_eligible_since_ignores_decisions_after_the_date_and_their_order():
    decisions = (yes(date(2026, 5, 1)), no(date(2025, 6, 1)), yes(date(2025, 1, 1)))
    assert eligible_since(decisions, date(2025, 5, 31)) == date(2025, 1, 1)
    assert eligible_since(decisions, D) is None
    assert eligible_since(decisions, date(2026, 5, 1)) == date(2026, 5, 1)


def test_waiting_list_order_does_not_change_when_eligibility_is_confirmed():
    people = {4: PEOPLE[3], 3: PEOPLE[2], 15: PEOPLE[14]}
    order = sorted(people, key=lambda pid: eligible_since(people[pid].decisions, D))
    assert order == [3, 4, 15]
