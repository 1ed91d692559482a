from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.activities.figures import activity_summary
from jobfactory.activities.scope import can_read_activities
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.people.services import refresh_due_statuses
from jobfactory.people.waiting_list import waiting_rows
from jobfactory.reporting.figures import figures_for
from jobfactory.reporting.series import current_months
from jobfactory.staffing.enums import ExitReason
from jobfactory.territories.models import Territory
from jobfactory.territories.scope import can_hire, can_register, opens_personal_files, require

PEOPLE_PER_PAGE = 100


def _date_param(request, name="date") -> date:
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()


@login_required
def home(request):
    return redirect("territories:list")


@login_required
def territory_list(request):
    territories = list(Territory.objects.visible_to(request.user).select_related("programme"))
    on = _date_param(request)
    # Today's figures come from the stored series (a programme officer lists 150 territories);
    # another date is computed from the registry.
    figures = current_months(territories, on) if on == timezone.localdate() else figures_for(territories, on)
    rows = [(t, figures.get(t.pk)) for t in territories]
    return render(request, "territories/list.html", {"rows": rows, "on": on})


def visible_territory(request, territory_id, *, allowed=None) -> Territory:
    """A territory in the user's scope, whose role passes ``allowed`` when given: 404 otherwise."""
    require(request.user, allowed)
    return get_object_or_404(Territory.objects.visible_to(request.user), pk=territory_id)


@login_required
def territory_detail(request, territory_id):
    territory = visible_territory(request, territory_id)
    on = _date_param(request)
    figures = figures_for([territory], on)[territory.pk]
    exit_labels = dict(ExitReason.choices)
    exits = sorted(((exit_labels.get(k, k), v) for k, v in figures.exits_by_reason.items()),
                   key=lambda item: -item[1])
    activities = activity_summary(territory, figures.weekly_hours)
    hours_bars = [(label, value) for label, value in (
        (_("Heures offertes par les activités en cours"), activities.running_hours),
        (_("Heures des activités validées, pas encore lancées"), activities.approved_hours),
        (_("Heures choisies des personnes sous contrat"), activities.hired_hours),
        (_("Heures choisies des personnes en attente"), activities.waiting_hours))]
    return render(request, "territories/detail.html", {
        "territory": territory, "on": on, "figures": figures, "exits": exits,
        "exits_max": max((v for _, v in exits), default=0),
        "activities": activities, "hours_bars": hours_bars,
        "hours_max": max((v for _, v in hours_bars), default=0),
        "reads_activities": can_read_activities(request.user),
        "opens_files": opens_personal_files(request.user),
        "can_register": can_register(request.user),
    })


@login_required
def people_list(request, territory_id):
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    status = request.GET.get("situation", "")
    people = Person.objects.visible_to(request.user).filter(territory=territory)
    refresh_due_statuses(people)
    if status in PersonStatus.values:
        people = people.filter(status=status)
    # A page at a time: a territory may hold 400 volunteers, and the list must stay quick to read.
    page = Paginator(people.order_by("last_name", "first_name", "pk").only(
        "public_id", "last_name", "first_name", "status", "registered_at", "chosen_hours",
        "anonymised_on"),
        PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "territories/people.html", {
        "territory": territory, "page": page, "people": page.object_list,
        "statuses": PersonStatus.choices, "status": status,
        "filter_query": urlencode({"situation": status}) if status else "",
        "can_register": can_register(request.user),
    })


@login_required
def waiting_list(request, territory_id):
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    people = Person.objects.visible_to(request.user).waiting_list(territory).prefetch_related("skips")
    rows = waiting_rows(people, timezone.localdate())
    next_up = next((row for row in rows if row.next_up), None)
    return render(request, "territories/waiting_list.html", {
        "territory": territory, "rows": rows, "next_up": next_up,
        "can_hire": can_hire(request.user),
    })
