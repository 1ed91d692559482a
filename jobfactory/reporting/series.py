"""Keeping the stored monthly series in step with the registry.

A change to a person, a decision, a contract or an amendment marks its territory stale (signals.py);
a page that reads the series first refreshes the territories that are stale or were last computed
on an earlier day (the month in progress moves every day). `refresh_reporting` does all of them,
for the night or after a bulk load."""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from jobfactory.engines.contracts import month_start
from jobfactory.engines.indicators import monthly_figures, months_between
from jobfactory.reporting.figures import facts_for
from jobfactory.reporting.models import SeriesState, TerritoryMonth
from jobfactory.territories.models import Territory

FIELDS = ("on", "registered", "eligible", "waiting", "waiting_days_median", "employees", "fte",
          "month_fte", "hires", "hires_from_list_days", "exits", "exits_by_reason", "breakdowns")


def _first_month(territory: Territory, facts) -> date | None:
    starts = [p.registered_on for p in facts.people] + [c.terms.start_on for c in facts.contracts]
    if territory.authorised_on:
        starts.append(territory.authorised_on)
    return min(starts) if starts else None


@transaction.atomic
def refresh(territories: Iterable[Territory], today: date | None = None,
            progress: Callable[[Territory], None] | None = None) -> int:
    """Recompute every month of the given territories; returns the number of months stored."""
    today = today or timezone.localdate()
    territories = list(territories)
    stored = 0
    # Facts are read a few territories at a time: memory stays flat on a programme of 150.
    for start in range(0, len(territories), 20):
        batch = territories[start:start + 20]
        facts = facts_for((t.pk for t in batch), profiles=True)
        for territory in batch:
            own = facts[territory.pk]
            first = _first_month(territory, own)
            months = monthly_figures(own.people, own.contracts, own.profiles,
                                     months_between(first, today) if first else [], today,
                                     estimated_ppde=territory.estimated_ppde)
            TerritoryMonth.objects.filter(territory=territory).delete()
            TerritoryMonth.objects.bulk_create([
                TerritoryMonth(territory=territory, month=m.month,
                               **{name: getattr(m, name) for name in FIELDS})
                for m in months])
            SeriesState.objects.update_or_create(territory=territory,
                                                 defaults={"computed_on": today, "stale": False})
            stored += len(months)
            if progress:
                progress(territory)
    return stored


def ensure_fresh(territories: Iterable[Territory], today: date | None = None) -> None:
    """Refresh the territories whose series is missing, stale or from an earlier day: one query
    when all are fresh."""
    today = today or timezone.localdate()
    territories = list(territories)
    fresh = set(SeriesState.objects.filter(
        territory__in=territories, stale=False, computed_on=today).values_list("territory_id", flat=True))
    due = [t for t in territories if t.pk not in fresh]
    if due:
        refresh(due, today)


def mark_stale(territory_id: int | None) -> None:
    if territory_id is not None:
        SeriesState.objects.filter(territory_id=territory_id).update(stale=True)


def current_months(territories, today: date | None = None) -> dict[int, TerritoryMonth]:
    """{territory id: this month's row, read today}: what a list of many territories shows, from
    the stored series rather than from every person (one query once fresh)."""
    today = today or timezone.localdate()
    territories = list(territories)
    ensure_fresh(territories, today)
    return {row.territory_id: row for row in TerritoryMonth.objects.filter(
        territory__in=territories, month=month_start(today))}
