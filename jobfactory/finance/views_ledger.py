"""Pages of the activation ledger: a territory's, and a programme's with its territories side by side."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from jobfactory.finance.ledger_chart import timeline_chart
from jobfactory.finance.ledger_figures import ledger_for
from jobfactory.territories.models import Territory


def _context(ledger, **extra):
    return {"ledger": ledger, "chart": timeline_chart(ledger.timeline), **extra}


@login_required
def territory_ledger(request, territory_id):
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("programme"),
                                  pk=territory_id)
    on: date = timezone.localdate()
    ledger = ledger_for(territory.programme, [territory], on=on)
    return render(request, "finance/ledger.html",
                  _context(ledger, title=territory.name, programme=territory.programme, on=on))


@login_required
def programme_ledger(request, programme_id):
    territories = list(Territory.objects.visible_to(request.user).filter(programme_id=programme_id))
    if not territories:
        raise Http404
    programme = territories[0].programme
    on = timezone.localdate()
    ledger = ledger_for(programme, territories, on=on)
    side_by_side = ([(t, ledger_for(programme, [t], on=on)) for t in territories]
                    if len(territories) > 1 else [])
    return render(request, "finance/ledger.html", _context(
        ledger, title=programme.name, programme=programme, on=on, side_by_side=side_by_side))
