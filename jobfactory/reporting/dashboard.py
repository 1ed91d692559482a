"""A dashboard's figures: the stored months of a set of territories, added up over a period.

A fixed number of queries whatever the number of territories or months: the series summed by
month, the exits by reason, the sums by territory, the last month's breakdowns per territory, the
activities. Counts add up across territories; medians do not, so
a set of territories shows the mean time on the list of the people hired instead."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.engines.contracts import month_start
from jobfactory.engines.figures import exhaustivity
from jobfactory.engines.indicators import months_between
from jobfactory.reporting.models import TerritoryMonth
from jobfactory.reporting.series import ensure_fresh
from jobfactory.staffing.enums import ExitReason

DEFAULT_MONTHS = 24
COUNTS = ("registered", "eligible", "waiting", "employees", "hires", "hires_from_list_days", "exits")
DECIMALS = ("fte", "month_fte")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise PeriodError(_("Mois illisible : « %(text)s » (AAAA-MM attendu).") % {"text": text}) from error


def parse_period(first: str, last: str, today: date) -> Period:
    """The months asked for, `DEFAULT_MONTHS` up to the current month by default."""
    end = _month(last) if last else month_start(today)
    end = min(end, month_start(today))
    if first:
        start = _month(first)
    else:
        year, month = divmod(end.year * 12 + end.month - 1 - (DEFAULT_MONTHS - 1), 12)
        start = date(year, month + 1, 1)
    if start > end:
        raise PeriodError(_("Le début de la période (%(first)s) suit sa fin (%(last)s).")
                          % {"first": start.strftime("%m/%Y"), "last": end.strftime("%m/%Y")})
    return Period(start, end)


@dataclass
class TerritoryRow:
    territory: object
    last: TerritoryMonth | None
    hires: int = 0
    exits: int = 0

    @property
    def exhaustivity(self):
        return self.last.exhaustivity if self.last else None


@dataclass
class Dashboard:
    period: Period
    months: list[date]
    series: dict[str, list]
    exits_by_reason: dict[str, list[int]]
    breakdowns: dict[str, dict[str, int]]
    territories: list[TerritoryRow]
    activities: list[dict] = field(default_factory=list)

    @property
    def latest(self) -> dict:
        return {name: values[-1] if values else None for name, values in self.series.items()}

    @property
    def month_rows(self) -> list[dict]:
        names = list(self.series)
        return [{"month": month, **{name: self.series[name][i] for name in names}}
                for i, month in enumerate(self.months)]

    @property
    def territories_key(self) -> str:
        """Everything the side-by-side table shows, hashed: its rendering (150 rows for a
        programme, most of the page's time) is reused for as long as this stays the same."""
        shown = [(row.territory.pk, row.territory.name, row.territory.exhaustivity_target_on,
                  row.hires, row.exits,
                  *((row.last.registered, row.last.waiting, row.last.employees, row.last.fte)
                    if row.last else ()))
                 for row in self.territories]
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    @property
    def hires_in_period(self) -> int:
        return sum(self.series["hires"])

    @property
    def exits_in_period(self) -> int:
        return sum(self.series["exits"])


def _percent_exhaustivity(employees: int, waiting: int) -> float | None:
    ratio = exhaustivity(employees, waiting)
    return round(100 * float(ratio), 1) if ratio is not None else None


def build(territories, period: Period, today: date) -> Dashboard:
    territories = list(territories)
    ensure_fresh(territories, today)
    months = period.months
    index = {month: i for i, month in enumerate(months)}
    series = {name: [0] * len(months) for name in COUNTS}
    series.update({name: [Decimal(0)] * len(months) for name in DECIMALS})
    exits = defaultdict(lambda: [0] * len(months))
    rows = TerritoryMonth.objects.filter(
        territory__in=territories, month__gte=period.first, month__lte=period.last)
    # Sums in the database: a programme has 150 territories x 24 months of rows.
    for month, *values in rows.order_by().values("month").annotate(
            **{name: Sum(name) for name in (*COUNTS, *DECIMALS)}).values_list("month", *COUNTS, *DECIMALS):
        for name, value in zip((*COUNTS, *DECIMALS), values, strict=True):
            series[name][index[month]] = value
    # Exit reasons are a closed list: each becomes a sum, rather than thousands of JSON rows.
    reasons = {reason: Sum(Cast(KT(f"exits_by_reason__{reason}"), IntegerField()))
               for reason in ExitReason.values}
    for month, *counts in rows.filter(exits__gt=0).order_by().values("month").annotate(**reasons) \
            .values_list("month", *reasons):
        for reason, count in zip(reasons, counts, strict=True):
            if count:
                exits[reason][index[month]] = count
    per_territory = {territory_id: (hires, exits_count) for territory_id, hires, exits_count in
                     rows.order_by().values("territory_id").annotate(h=Sum("hires"), e=Sum("exits"))
                     .values_list("territory_id", "h", "e")}
    series["exhaustivity"] = [_percent_exhaustivity(e, w)
                              for e, w in zip(series["employees"], series["waiting"], strict=True)]
    series["days_to_hire"] = [round(d / h) if h else None
                              for d, h in zip(series["hires_from_list_days"], series["hires"], strict=True)]

    last_rows = {row.territory_id: row for row in TerritoryMonth.objects.filter(
        territory__in=territories, month=period.last).only(
        "territory_id", "registered", "waiting", "employees", "fte", "breakdowns")}
    breakdowns: dict[str, Counter] = defaultdict(Counter)
    for row in last_rows.values():
        for key, counts in row.breakdowns.items():
            breakdowns[key].update(counts)
    table = [TerritoryRow(t, last_rows.get(t.pk), *per_territory.get(t.pk, (0, 0))) for t in territories]
    return Dashboard(period=period, months=months, series=series,
                     exits_by_reason=dict(sorted(exits.items())),
                     breakdowns={key: dict(sorted(c.items())) for key, c in breakdowns.items()},
                     territories=table, activities=activities_by_status(territories))


def activities_by_status(territories) -> list[dict]:
    """Activities today by status, with the weekly hours of their skill needs and expected revenue."""
    labels = dict(ActivityStatus.choices)
    activities = {row["status"]: row for row in Activity.objects.filter(territory__in=territories)
                  .values("status").annotate(count=Count("pk"), revenue=Sum("expected_revenue"))}
    # Hours apart: joining the skill needs above would count an activity's revenue once per need.
    hours = dict(SkillNeed.objects.filter(activity__territory__in=territories)
                 .values("activity__status").annotate(hours=Sum("hours_per_week"))
                 .values_list("activity__status", "hours"))
    return [{"status": code, "label": str(label), "count": activities[code]["count"],
             "hours": hours.get(code) or Decimal(0), "revenue": activities[code]["revenue"] or Decimal(0)}
            for code, label in labels.items() if code in activities]
