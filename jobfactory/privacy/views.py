"""A person's rights in the product: export everything held, erase on request; notices to post.

Every page reaches the person through `visible_person` (404 outside the user's scope) and writes
to the access log. File names carry the opaque id only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.people.views import visible_person
from jobfactory.privacy import subject_access
from jobfactory.privacy.anonymise import employer_must_keep, erase_on_request
from jobfactory.privacy.catalogue import HOLDS
from jobfactory.privacy.models import RetentionNotice
from jobfactory.privacy.retention import Periods, anonymisation_date, notice_text
from jobfactory.territories.scope import can_register
from jobfactory.territories.views import visible_territory


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: not to be kept by a shared cache or the browser's.
    response["Cache-Control"] = "no-store"
    return response


# Format -> (renderer, content type): one logged path for both copies of a person's data.
FORMATS = {"json": (subject_access.to_json, "application/json"),
           "pdf": (subject_access.to_pdf, "application/pdf")}


def _export(request, public_id, fmt: str) -> HttpResponse:
    person = visible_person(request, public_id)
    data = subject_access.collect(person)
    record(request.user, Action.SUBJECT_EXPORT, person, detail=fmt)
    render_as, content_type = FORMATS[fmt]
    return _download(render_as(data), content_type, f"donnees-{person.public_id}.{fmt}")


@login_required
def export_json(request, public_id):
    return _export(request, public_id, "json")


@login_required
def export_pdf(request, public_id):
    return _export(request, public_id, "pdf")


@login_required
def erase(request, public_id):
    person = visible_person(request, public_id, allowed=can_register)
    if person.anonymised_on:
        raise Http404
    today = timezone.localdate()
    years = settings.JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE
    keeps = employer_must_keep(person, today, years)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        kept = erase_on_request(person, today=today, user=request.user, years_after_departure=years)
        if kept:
            messages.success(request, _(
                "Effacement fait. Le registre du personnel et les contrats sont conservés tant que "
                "la loi l'impose ; ils seront anonymisés à la fin de la durée de conservation."))
            return redirect("people:detail", public_id=person.public_id)
        messages.success(request, _("Effacement fait : le dossier est anonymisé. Il reste compté "
                                    "dans les statistiques, sans rien qui identifie la personne."))
        return redirect("territories:people", person.territory_id)
    if request.method == "GET":
        record(request.user, Action.VIEW, person, detail="page d'effacement")
    return render(request, "privacy/erase_confirm.html", {
        "person": person, "keeps": keeps, "holds": list(HOLDS.values()),
        "error": request.method == "POST"})


@login_required
def letters(request, territory_id):
    """The notices the territory's team must post: the people without an e-mail address."""
    territory = visible_territory(request, territory_id, allowed=can_register)
    notices = list(RetentionNotice.objects.visible_to(request.user).letters_to_post()
                   .filter(person__territory=territory).select_related("person", "person__territory")
                   .order_by("issued_on", "pk"))
    if notices:
        record(request.user, Action.VIEW, detail="avis de fin de conservation à poster",
               persons=[n.person for n in notices])
    periods = Periods.from_settings()
    rows = [{"notice": n, "person": n.person, "until": anonymisation_date(n.issued_on, periods),
             "text": notice_text(n.person, n.issued_on, periods)[1]} for n in notices]
    return render(request, "privacy/letters.html", {"territory": territory, "rows": rows})


@login_required
@require_POST
def mark_posted(request, public_id):
    person = visible_person(request, public_id, allowed=can_register)
    notice_id = request.POST.get("notice", "")
    if not notice_id.isdigit():
        raise Http404
    notice = get_object_or_404(RetentionNotice.objects.letters_to_post(), person=person, pk=notice_id)
    notice.posted_on, notice.posted_by = timezone.localdate(), request.user
    notice.save(update_fields=["posted_on", "posted_by"])
    record(request.user, Action.RETENTION_NOTICE, person, detail="courrier posté")
    messages.success(request, _("Courrier noté comme posté."))
    return redirect("privacy:letters", person.territory_id)

