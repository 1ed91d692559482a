"""The work activities offer against the hours people chose: what the territory page shows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.engines.activity_pipeline import APPROVED, OFFERING_WORK, RUNNING
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person

ZERO = Decimal("0")


@dataclass(frozen=True)
class ActivitySummary:
    by_status: tuple[tuple[str, str, int], ...]
    running_hours: Decimal
    approved_hours: Decimal
    hired_hours: Decimal
    waiting_hours: Decimal
    expected_revenue: Decimal
    expected_costs: Decimal

    @property
    def offered_hours(self) -> Decimal:
        return self.running_hours + self.approved_hours

    @property
    def chosen_hours(self) -> Decimal:
        return self.hired_hours + self.waiting_hours

    @property
    def hours_to_create(self) -> Decimal:
        """Hours a week the activities still lack to employ everyone hired or waiting."""
        return max(self.chosen_hours - self.offered_hours, ZERO)



def activity_summary(territory, hired_hours: Decimal) -> ActivitySummary:
    """`hired_hours`: the weekly hours under contract, from the territory's figures."""
    counts = {row["status"]: row["n"] for row in
              Activity.objects.filter(territory=territory).values("status").annotate(n=Count("pk"))}
    hours = {row["activity__status"]: row["h"] for row in
             SkillNeed.objects.filter(activity__territory=territory, activity__status__in=OFFERING_WORK)
             .values("activity__status").annotate(h=Sum("hours_per_week"))}
    money = Activity.objects.filter(territory=territory, status__in=OFFERING_WORK).aggregate(
        revenue=Sum("expected_revenue"), costs=Sum("expected_costs"))
    waiting = Person.objects.filter(territory=territory, status=PersonStatus.WAITING).aggregate(
        h=Sum("chosen_hours"))["h"]
    return ActivitySummary(
        by_status=tuple((code, str(label), counts.get(code, 0)) for code, label in ActivityStatus.choices),
        running_hours=hours.get(RUNNING) or ZERO, approved_hours=hours.get(APPROVED) or ZERO,
        hired_hours=hired_hours,
        waiting_hours=waiting or ZERO,
        expected_revenue=money["revenue"] or ZERO, expected_costs=money["costs"] or ZERO)
