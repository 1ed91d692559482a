"""Working time and pay of a contract, month by month."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from jobfactory.engines.contracts import (
    MONTHLY_HOURS_FULL_TIME,
    ContractTerms,
    HoursChange,
    hours_on,
    is_active,
    month_fte,
    monthly_pay,
)
from jobfactory.engines.legislation import smic_schedule

H35, H30, H24 = Decimal("35"), Decimal("30"), Decimal("24")


def close(value: Decimal, expected: Fraction) -> bool:
    """Decimal division is rounded at 28 digits: compare with the exact fraction closely."""
    return abs(Fraction(value) - expected) < Fraction(1, 10**20)


def cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


def cents_of_fraction(amount_in_euros: Fraction) -> int:
    exact_cents = amount_in_euros * 100
    return int((Decimal(exact_cents.numerator) / Decimal(exact_cents.denominator))
               .quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- hours and activity ---------------------------------------------------------------------

def test_hours_follow_amendments_from_their_effective_date():
    terms = ContractTerms(
        start_on=date(2026, 1, 5), end_on=None, weekly_hours=H24,
        # Given out of order on purpose: the effective date decides, not the list order.
        changes=(HoursChange(date(2026, 9, 1), H35), HoursChange(date(2026, 4, 1), H30)),
    )
    assert hours_on(terms, date(2026, 1, 5)) == H24
    assert hours_on(terms, date(2026, 3, 31)) == H24
    assert hours_on(terms, date(2026, 4, 1)) == H30
    assert hours_on(terms, date(2026, 8, 31)) == H30
    assert hours_on(terms, date(2026, 9, 1)) == H35
    assert hours_on(terms, date(2027, 1, 1)) == H35


def test_hours_without_amendment_are_the_contract_hours():
    terms = ContractTerms(start_on=date(2026, 1, 5), end_on=None, weekly_hours=H30)
    assert hours_on(terms, date(2030, 1, 1)) == H30


def test_a_contract_is_active_from_its_first_to_its_last_day():
    terms = ContractTerms(start_on=date(2026, 1, 5), end_on=date(2026, 6, 30), weekly_hours=H35)
    assert not is_active(terms, date(2026, 1, 4))
    assert is_active(terms, date(2026, 1, 5))
    assert is_active(terms, date(2026, 6, 30))  # end_on is the last day under contract
    assert not is_active(terms, date(2026, 7, 1))
    open_ended = ContractTerms(start_on=date(2026, 1, 5), end_on=None, weekly_hours=H35)
    assert is_active(open_ended, date(2040, 1, 1))


# --- FTE of a month -------------------------------------------------------------------------

def test_full_time_over_a_full_month_is_one_fte():
    terms = ContractTerms(start_on=date(2025, 1, 1), end_on=None, weekly_hours=H35)
    assert month_fte(terms, date(2026, 3, 1)) == 1
    assert month_fte(terms, date(2026, 3, 17)) == 1  # any day of the month designates it
    assert month_fte(terms, date(2024, 2, 1)) == 0  # before the start


def test_part_time_over_a_full_month_is_hours_over_35():
    terms = ContractTerms(start_on=date(2025, 1, 1), end_on=None, weekly_hours=H24)
    assert close(month_fte(terms, date(2026, 2, 1)), Fraction(24, 35))


def test_contract_starting_mid_month_counts_its_days_only():
    # 35 h from 16 June: 15 days of a 30-day month.
    terms = ContractTerms(start_on=date(2026, 6, 16), end_on=None, weekly_hours=H35)
    assert month_fte(terms, date(2026, 6, 1)) == Decimal(15) / Decimal(30)
    assert month_fte(terms, date(2026, 6, 1)) == Decimal("0.5")
    assert month_fte(terms, date(2026, 5, 1)) == 0
    assert month_fte(terms, date(2026, 7, 1)) == 1


def test_contract_starting_on_the_last_day_of_a_leap_february():
    terms = ContractTerms(start_on=date(2028, 2, 29), end_on=None, weekly_hours=H35)
    assert close(month_fte(terms, date(2028, 2, 1)), Fraction(1, 29))


def test_amendment_mid_month_counts_pro_rata():
    # April (30 days): 35 h from the 1st to the 15th, 24 h from the 16th.
    terms = ContractTerms(start_on=date(2026, 1, 1), end_on=None, weekly_hours=H35,
                          changes=(HoursChange(date(2026, 4, 16), H24),))
    expected = (15 * Fraction(35, 35) + 15 * Fraction(24, 35)) / 30
    assert close(month_fte(terms, date(2026, 4, 1)), expected)
    assert month_fte(terms, date(2026, 3, 1)) == 1
    assert close(month_fte(terms, date(2026, 5, 1)), Fraction(24, 35))


def test_ended_contract_counts_up_to_its_last_day_then_nothing():
    # 30 h ending on 10 June (30-day month): 10 days.
    terms = ContractTerms(start_on=date(2026, 1, 1), end_on=date(2026, 6, 10), weekly_hours=H30)
    assert close(month_fte(terms, date(2026, 6, 1)), Fraction(10, 30) * Fraction(30, 35))
    assert month_fte(terms, date(2026, 7, 1)) == 0
    assert close(month_fte(terms, date(2026, 5, 1)), Fraction(30, 35))


def test_contract_starting_and_ending_in_the_same_month():
    terms = ContractTerms(start_on=date(2026, 3, 10), end_on=date(2026, 3, 19), weekly_hours=H35)
    assert close(month_fte(terms, date(2026, 3, 1)), Fraction(10, 31))


# --- pay at the SMIC in force -----------------------------------------------------------------

@pytest.fixture(scope="module")
def smic():
    return smic_schedule()


def test_full_time_pay_follows_each_smic_revaluation(smic):
    terms = ContractTerms(start_on=date(2025, 12, 1), end_on=None, weekly_hours=H35)
    pay = monthly_pay(terms, smic, until=date(2026, 6, 30))
    assert [p.month for p in pay] == [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 7)]
    by_month = {p.month: p for p in pay}
    for month, hourly in [(date(2025, 12, 1), "11.88"), (date(2026, 1, 1), "12.02"),
                          (date(2026, 5, 1), "12.02"), (date(2026, 6, 1), "12.31")]:
        assert smic.rate_on(month).hourly_gross == Decimal(hourly)  # the schedule's value
        month_pay = by_month[month]
        assert month_pay.smic_hourly == Decimal(hourly)
        assert month_pay.fte == 1
        assert month_pay.weekly_hours == H35
        assert month_pay.gross_cents == cents(Decimal(hourly) * MONTHLY_HOURS_FULL_TIME)
    # Spelled out: 11.88 x 151.67 = 1801.8396, 12.02 x 151.67 = 1823.0734,
    # 12.31 x 151.67 = 1867.0577.
    assert by_month[date(2025, 12, 1)].gross_cents == 180184
    assert by_month[date(2026, 1, 1)].gross_cents == 182307
    assert by_month[date(2026, 6, 1)].gross_cents == 186706


def test_part_time_pay_is_hours_over_35_of_full_time_pay(smic):
    terms = ContractTerms(start_on=date(2025, 12, 1), end_on=None, weekly_hours=H24)
    pay = {p.month: p for p in monthly_pay(terms, smic, until=date(2026, 6, 30))}
    for month in (date(2025, 12, 1), date(2026, 1, 1), date(2026, 6, 1)):
        hourly = Fraction(smic.rate_on(month).hourly_gross)
        expected = hourly * Fraction(MONTHLY_HOURS_FULL_TIME) * Fraction(24, 35)
        assert pay[month].gross_cents == cents_of_fraction(expected)
        assert pay[month].fte == Decimal("0.6857")
        assert pay[month].weekly_hours == H24
    # 11.88 x 151.67 x 24/35 = 1235.547154...
    assert pay[date(2025, 12, 1)].gross_cents == 123555


def test_pay_carries_the_legal_reference_of_the_smic_applied(smic):
    terms = ContractTerms(start_on=date(2025, 12, 1), end_on=None, weekly_hours=H35)
    pay = {p.month: p for p in monthly_pay(terms, smic, until=date(2026, 2, 28))}
    january = pay[date(2026, 1, 1)]
    assert january.smic_reference == smic.rate_on(date(2026, 1, 1)).reference
    assert january.smic_reference.startswith("Décret n° 2025-1228 du 17/12/2025")
    assert pay[date(2026, 2, 1)].smic_reference == january.smic_reference
    assert pay[date(2025, 12, 1)].smic_reference.startswith("Décret n° 2024-951")


def test_pay_of_partial_months_and_amendments(smic):
    # Starts on 16 June 2026 (30 days) at 35 h; 24 h from 16 July; ends on 15 August.
    terms = ContractTerms(start_on=date(2026, 6, 16), end_on=date(2026, 8, 15), weekly_hours=H35,
                          changes=(HoursChange(date(2026, 7, 16), H24),))
    pay = monthly_pay(terms, smic, until=date(2026, 12, 31))
    assert [p.month for p in pay] == [date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)]
    june, july, august = pay
    monthly_full_time = Fraction(Decimal("12.31")) * Fraction(MONTHLY_HOURS_FULL_TIME)

    assert june.days_under_contract == 15
    assert june.fte == Decimal("0.5")
    assert june.gross_cents == cents_of_fraction(monthly_full_time / 2)

    july_fte = (15 + 16 * Fraction(24, 35)) / 31
    assert july.days_under_contract == 31
    assert july.weekly_hours == H24  # the hours at the end of the month
    assert july.gross_cents == cents_of_fraction(monthly_full_time * july_fte)

    august_fte = 15 * Fraction(24, 35) / 31
    assert august.days_under_contract == 15
    assert august.gross_cents == cents_of_fraction(monthly_full_time * august_fte)


def test_pay_stops_at_the_until_month(smic):
    terms = ContractTerms(start_on=date(2026, 1, 1), end_on=None, weekly_hours=H35)
    pay = monthly_pay(terms, smic, until=date(2026, 3, 10))
    assert [p.month for p in pay] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert monthly_pay(terms, smic, until=date(2025, 12, 31)) == []
