"""Monthly indicators on a small known territory, computed by hand."""

from datetime import date
from decimal import Decimal

from jobfactory.engines.contracts import ContractTerms, HoursChange
from jobfactory.engines.figures import ContractFacts, Decision, PersonFacts
from jobfactory.engines.indicators import Profile, monthly_figures, months_between

A, B, C, D = 1, 2, 3, 4
PEOPLE = [
    PersonFacts(A, date(2025, 1, 10), (Decision(date(2025, 2, 15), "eligible"),)),
    PersonFacts(B, date(2025, 1, 20), (Decision(date(2025, 3, 15), "eligible"),)),
    PersonFacts(C, date(2025, 2, 1), (Decision(date(2025, 3, 15), "not_eligible"),)),
    PersonFacts(D, date(2025, 1, 5), (Decision(date(2025, 1, 20), "eligible"),)),
]
CONTRACTS = [
    ContractFacts(A, ContractTerms(date(2025, 4, 1), date(2025, 6, 30), Decimal(35)), "resignation"),
    ContractFacts(D, ContractTerms(date(2025, 2, 1), None, Decimal(24),
                                   (HoursChange(date(2025, 5, 1), Decimal(30)),))),
]
PROFILES = {
    A: Profile("F", date(1970, 6, 1), 3, date(2020, 1, 1)),   # 54 on 30 April 2025; 63 months without work
    D: Profile("M", date(2002, 3, 1), None, date(2024, 2, 1)),  # 22; 12 months without work
}
TODAY = date(2025, 7, 15)


def _months():
    return {m.month.month: m for m in monthly_figures(
        PEOPLE, CONTRACTS, PROFILES, months_between(date(2025, 1, 1), date(2025, 9, 1)), TODAY)}


def test_stocks_and_flows_month_by_month():
    months = _months()
    table = {n: (m.registered, m.eligible, m.waiting, m.employees, m.hires, m.exits)
             for n, m in months.items()}
    assert table == {
        1: (3, 1, 1, 0, 0, 0),  # D eligible on 20 January, hired on 1 February
        2: (4, 2, 1, 1, 1, 0),
        3: (4, 3, 2, 1, 0, 0),
        4: (4, 3, 1, 2, 1, 0),
        5: (4, 3, 1, 2, 0, 0),
        6: (4, 3, 1, 1, 0, 1),  # A's last day is 30 June: an exit of June, not an employee at its end
        7: (4, 3, 1, 1, 0, 0),
    }
    assert 8 not in months  # after today


def test_the_month_in_progress_is_read_today():
    assert _months()[7].on == TODAY
    assert _months()[6].on == date(2025, 6, 30)


def test_employees_change_by_hires_minus_exits():
    months = [m for _, m in sorted(_months().items())]
    for before, after in zip(months, months[1:], strict=False):
        assert after.employees - before.employees == after.hires - after.exits


def test_fte_follows_amendments_and_exits():
    months = _months()
    assert months[2].fte == Decimal("0.69")  # 24 / 35
    assert months[4].fte == Decimal("1.69")  # (35 + 24) / 35
    assert months[5].fte == Decimal("1.86")  # (35 + 30) / 35
    assert months[6].fte == Decimal("0.86")  # 30 / 35


def test_time_on_the_list_and_exits_by_reason():
    months = _months()
    assert months[2].hires_from_list_days == 12  # 20 January -> 1 February
    assert months[4].hires_from_list_days == 45  # 15 February -> 1 April
    assert months[6].exits_by_reason == {"resignation": 1}
    assert months[3].exhaustivity == Decimal("0.3333")  # 1 / (1 + 2)


def test_breakdowns_describe_the_employees_at_the_end_of_the_month():
    april = _months()[4].breakdowns
    assert april["sex"] == {"F": 1, "M": 1}
    assert april["age"] == {"50_plus": 1, "under_25": 1}
    assert april["qualification"] == {"3": 1, "unknown": 1}
    assert april["deprivation"] == {"12_23": 1, "60_plus": 1}
    assert april["hours"] == {"24_29": 1, "35": 1}
    assert _months()[6].breakdowns["hours"] == {"30_34": 1}
