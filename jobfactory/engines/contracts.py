"""Working time and pay of a contract, month by month.

Definitions used everywhere (issue "Foundation"): 1 FTE = 35 h a week (151.67 h a month); a
contract's FTE in a month = weekly hours / 35 x days under contract / days in the month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from jobfactory.engines.legislation import SmicSchedule

FULL_TIME_WEEKLY_HOURS = Decimal("35")
MONTHLY_HOURS_FULL_TIME = Decimal("151.67")
# Labour code L3123-7: under this, part time needs the employee's written request.
MINIMUM_PART_TIME_HOURS = Decimal("24")


@dataclass(frozen=True)
class HoursChange:
    effective_on: date
    weekly_hours: Decimal


@dataclass(frozen=True)
class ContractTerms:
    start_on: date
    end_on: date | None  # last day under contract
    weekly_hours: Decimal
    changes: tuple[HoursChange, ...] = ()


@dataclass(frozen=True)
class MonthPay:
    month: date  # first day of the month
    days_under_contract: int
    weekly_hours: Decimal
    fte: Decimal
    smic_hourly: Decimal
    smic_reference: str
    gross_cents: int


def month_start(on: date) -> date:
    return on.replace(day=1)


def month_end(on: date) -> date:
    return on.replace(day=calendar.monthrange(on.year, on.month)[1])


def next_month(on: date) -> date:
    return month_end(on) + timedelta(days=1)


def hours_on(terms: ContractTerms, on: date) -> Decimal:
    hours = terms.weekly_hours
    for change in sorted(terms.changes, key=lambda c: c.effective_on):
        if change.effective_on <= on:
            hours = change.weekly_hours
    return hours


def is_active(terms: ContractTerms, on: date) -> bool:
    return terms.start_on <= on and (terms.end_on is None or on <= terms.end_on)


def fte_of_hours(weekly_hours: Decimal) -> Decimal:
    return weekly_hours / FULL_TIME_WEEKLY_HOURS


def month_fte(terms: ContractTerms, month: date) -> Decimal:
    """FTE of the month, day by day, so that an amendment mid-month counts pro rata."""
    first, last = month_start(month), month_end(month)
    days_in_month = Decimal(last.day)
    total = Decimal(0)
    day = max(first, terms.start_on)
    stop = min(last, terms.end_on) if terms.end_on else last
    if day > stop:
        return total
    if not any(day < change.effective_on <= stop for change in terms.changes):
        # The same hours all month long: one product instead of a sum per day (reports read
        # thousands of contract-months).
        return fte_of_hours(hours_on(terms, day)) * ((stop - day).days + 1) / days_in_month
    while day <= stop:
        total += fte_of_hours(hours_on(terms, day))
        day += timedelta(days=1)
    return total / days_in_month


def monthly_pay(terms: ContractTerms, smic: SmicSchedule, until: date) -> list[MonthPay]:
    """Gross pay at the SMIC in force each month (the rate on the month's first day)."""
    months = []
    month = month_start(terms.start_on)
    stop = min(until, terms.end_on) if terms.end_on else until
    while month <= stop:
        first, last = month, month_end(month)
        from_day = max(first, terms.start_on)
        to_day = min(last, terms.end_on) if terms.end_on else last
        days = (to_day - from_day).days + 1
        fte = month_fte(terms, month)
        rate = smic.rate_on(month)
        gross = rate.hourly_gross * MONTHLY_HOURS_FULL_TIME * fte * 100
        months.append(MonthPay(
            month=month,
            days_under_contract=days,
            weekly_hours=hours_on(terms, to_day),
            fte=fte.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            smic_hourly=rate.hourly_gross,
            smic_reference=rate.reference,
            gross_cents=int(gross.quantize(Decimal("1"), rounding=ROUND_HALF_UP)),
        ))
        month = next_month(month)
    return months
