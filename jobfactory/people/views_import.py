"""The CSV import page and its template file."""

import codecs

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from jobfactory.people.imports import COLUMNS, MAX_BYTES, REQUIRED, import_people, template_csv
from jobfactory.territories.scope import can_register
from jobfactory.territories.views import visible_territory

_YES_NO = _("oui ou non")
_YES_NO_DEFAULT_YES = _("oui ou non (oui par défaut)")
HINTS = {
    "sexe": _("F ou M"), "qpv": _YES_NO, "reside_territoire": _YES_NO_DEFAULT_YES,
    "rqth": _YES_NO, "droit_travail": _YES_NO_DEFAULT_YES,
    "type_privation": _("totale, partielle ou recurrente (totale par défaut)"),
    "niveau_qualification": _("1 à 8"), "heures_choisies": _("1 à 35, par exemple 24,5"),
    "code_postal": _("5 chiffres"),
    "metiers": _("codes ROME séparés par des virgules, le métier principal d'abord (K2204, A1203)"),
    "metiers_souhaites": _("codes ROME séparés par des virgules"),
    "position_domicile": _("latitude, longitude copiées d'une carte (arrondies à 100 m), "
                           "jamais l'adresse"),
    "mode_deplacement": _("à pied, vélo, transports en commun ou voiture (transports en commun "
                          "par défaut)"),
    "distance_km": _("km à vol d'oiseau ; vide : distance habituelle du mode"),
} | {column: _("jj/mm/aaaa") for column in COLUMNS if "date" in column or "depuis" in column}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV"),
                           help_text=_("5 Mo et 5 000 volontaires au plus."))


@login_required
@require_http_methods(["GET", "POST"])
def import_people_view(request, territory_id):
    territory = visible_territory(request, territory_id, allowed=can_register)
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            # One byte more than allowed is enough for import_people to refuse a huge file.
            content = form.cleaned_data["file"].read(MAX_BYTES + 1)
            result = import_people(content, territory, request.user)
            if result.ok:
                messages.success(request, ngettext(
                    "%(count)d volontaire importé·e", "%(count)d volontaires importé·e·s",
                    result.created) % {"count": result.created})
                return redirect(reverse("territories:people", args=[territory.pk]))
    else:
        form = ImportForm()
    columns = [(column, column in REQUIRED, HINTS.get(column, "")) for column in COLUMNS]
    return render(request, "people/import.html", {
        "territory": territory, "form": form, "result": result, "columns": columns,
    })


@login_required
@require_GET
def import_template_view(request, territory_id):
    visible_territory(request, territory_id, allowed=can_register)
    # The byte order mark makes Excel read the file as UTF-8 rather than as cp1252.
    content = codecs.BOM_UTF8 + template_csv().encode("utf-8")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-volontaires.csv"'
    return response
