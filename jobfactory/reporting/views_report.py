"""The yearly report of a territory, as a PDF download.

Same scope as the territory's dashboard (Territory.objects.visible_to): anyone who sees the
dashboard gets the report, committee members included, since it holds aggregates only.

Years: from the territory's first year with figures (its first stored month; FIRST_YEAR, 2016, when
it has none yet) to the current year. Any other year answers 404, like a territory out of scope:
the report of that year does not exist, and the URL is a resource's address, not a form to correct.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.documents import render_pdf
from jobfactory.reporting.annual_report import FIRST_YEAR, territory_report
from jobfactory.reporting.models import TerritoryMonth
from jobfactory.reporting.series import ensure_fresh
from jobfactory.territories.models import Territory


def report_years(territory: Territory, today) -> range:
    """The years a report can be asked for: the series must be fresh (ensure_fresh) to be read here."""
    first = (TerritoryMonth.objects.filter(territory=territory).order_by("month")
             .values_list("month", flat=True).first())
    return range(first.year if first else FIRST_YEAR, today.year + 1)


@login_required
def territory_report_pdf(request, territory_id, year):
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("programme"),
                                  pk=territory_id)
    today = timezone.localdate()
    ensure_fresh([territory], today)
    years = report_years(territory, today)
    if year not in years:
        raise Http404(_("Pas de rapport annuel %(year)s pour ce territoire : années de %(first)s à %(last)s.")
                      % {"year": year, "first": years.start, "last": years.stop - 1})
    pdf = render_pdf(territory_report(territory, year, today))
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries the year and the territory's number only: ASCII, no name, no person.
    name = f"rapport-annuel-{year}-territoire-{territory.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
