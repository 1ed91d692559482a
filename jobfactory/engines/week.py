"""Half-days of the working week as a bit mask: when a person can work, when an activity runs.

Bit i is half-day i: Monday morning 0, Monday afternoon 1, ... Saturday afternoon 11. A half-day
counts HALF_DAY_HOURS of work: 10 half-days make the 35-hour week.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

DAYS = 6  # Monday to Saturday
HALF_DAYS = 2 * DAYS
HALF_DAY_HOURS = Decimal("3.5")
ALL_WEEK = (1 << HALF_DAYS) - 1
WEEKDAYS = (1 << 10) - 1  # Monday to Friday, mornings and afternoons


def mask_of(half_days) -> int:
    """The mask of an iterable of half-day numbers (0..11)."""
    mask = 0
    for half_day in half_days:
        half_day = int(half_day)
        if not 0 <= half_day < HALF_DAYS:
            raise ValueError(f"half-day {half_day} outside 0..{HALF_DAYS - 1}")
        mask |= 1 << half_day
    return mask


def half_days_of(mask: int) -> list[int]:
    return [i for i in range(HALF_DAYS) if mask >> i & 1]


def shared_hours(person_mask, activity_mask):
    """Hours a week the person can work while the activity runs (scalars or integer arrays)."""
    both = np.bitwise_and(np.asarray(person_mask, np.int64), np.asarray(activity_mask, np.int64))
    counts = np.zeros(both.shape, np.int64)
    for i in range(HALF_DAYS):
        counts += both >> i & 1
    hours = counts * float(HALF_DAY_HOURS)
    return float(hours) if hours.ndim == 0 else hours
