"""Dashboards of a territory, an employer and a programme, over any period of months."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.finance.ledger_figures import ledger_for
from jobfactory.finance.models import CostingRun
from jobfactory.reporting import dashboard
from jobfactory.reporting.chart_data import chart_data
from jobfactory.reporting.labels import exit_label
from jobfactory.territories.models import Employer, Programme, Territory


def _ledger(territories, kind, today):
    """The activation ledger of a territory's or an employer's people, when a costing run exists.
    A programme's dashboard links to its ledger page instead: read back from tens of thousands of
    people, it is too slow to draw on every visit."""
    if kind == "programme" or not territories:
        return None
    ledger = ledger_for(territories[0].programme, territories, on=today)
    return ledger if ledger.run else None


def _render(request, *, title, kind, subject, territories, target_on=None, extra=None):
    today = timezone.localdate()
    error = None
    try:
        period = dashboard.parse_period(request.GET.get("du", ""), request.GET.get("au", ""), today)
    except dashboard.PeriodError as problem:
        error = str(problem)
        period = dashboard.parse_period("", "", today)
    board = dashboard.build(territories, period, today)
    ledger = _ledger(territories, kind, today)
    exits_total = {exit_label(reason): sum(values) for reason, values in board.exits_by_reason.items()}
    context = {
        "title": title, "kind": kind, "subject": subject, "board": board, "error": error,
        "chart_data": chart_data(board, target_on, ledger), "target_on": target_on, "ledger": ledger,
        "exits_total": sorted(exits_total.items(), key=lambda item: -item[1]),
        "latest": board.latest, "today": today,
        "territories_chart_height": 60 + 24 * len(territories),
        "has_ledger": ledger is not None or CostingRun.objects.filter(
            programme_id__in={t.programme_id for t in territories}).exists(),
    }
    context.update(extra or {})
    return render(request, "reporting/dashboard.html", context)


@login_required
def territory_dashboard(request, territory_id):
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("programme"),
                                  pk=territory_id)
    return _render(request, title=territory.name, kind="territory", subject=territory,
                   territories=[territory], target_on=territory.exhaustivity_target_on)


@login_required
def employer_dashboard(request, employer_id):
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=employer_id)
    territories = list(employer.territories.select_related("programme"))
    shared = Territory.objects.filter(pk__in=[t.pk for t in territories],
                                      employers__in=Employer.objects.exclude(pk=employer.pk)).distinct()
    return _render(request, title=employer.name, kind="employer", subject=employer,
                   territories=territories, extra={"shared": list(shared)})


@login_required
def programme_dashboard(request, programme_id):
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=programme_id)
    territories = list(programme.territories.select_related("programme"))
    return _render(request, title=programme.name, kind="programme", subject=programme,
                   territories=territories)


@login_required
def index(request):
    """The dashboards the user may open."""
    return render(request, "reporting/index.html", {
        "title": _("Tableaux de bord"),
        "programmes": Programme.objects.visible_to(request.user),
        "employers": Employer.objects.visible_to(request.user).select_related("programme"),
        "territories": Territory.objects.visible_to(request.user).select_related("programme"),
    })
