"""Everything held on a person (GDPR art. 15 and 20), from the catalogue: JSON and PDF.

The export gives every catalogued field marked `export`, row by row, with the labels the pages
use; staff identities are left out (the access log says when and what, not which employee).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jobfactory.documents.model import Document, Heading, KeyValues, Paragraph
from jobfactory.documents.pdf import render_pdf
from jobfactory.people.models import Person
from jobfactory.privacy.anonymise import rows_of
from jobfactory.privacy.catalogue import CATALOGUE, HOLDS

# Labels for the fields that have no French verbose_name of their own.
LABELS = {
    "public_id": _lazy("identifiant opaque"),
    "territory": _lazy("territoire"),
    "recorded_at": _lazy("saisi le"),
    "created_at": _lazy("saisi le"),
    "reasons": _lazy("motifs donnés par les règles"),
    "facts": _lazy("faits examinés par les règles"),
    "rule_set_label": _lazy("règles appliquées"),
    "rule_set_source": _lazy("source des règles"),
    "rome_code": _lazy("métier (code ROME)"),
    "units": _lazy("demi-heures par semaine"),
    "kept_units": _lazy("demi-heures conservées"),
    "km": _lazy("distance (km)"),
    "skill_match": _lazy("correspond aux métiers exercés"),
    "wish_match": _lazy("correspond aux souhaits"),
    "waiting_rank": _lazy("rang sur la liste d'attente"),
    "edited": _lazy("modifié à la main"),
    "chosen_units": _lazy("demi-heures choisies"),
    "unplaced_units": _lazy("demi-heures non placées"),
    "reason": _lazy("motif"),
    "kind": _lazy("situation"),
    "weekly_hours": _lazy("heures hebdomadaires"),
    "computed": _lazy("montants calculés (centimes par mois)"),
    "declared": _lazy("montants déclarés (centimes par mois)"),
    "effect_cents": _lazy("effet net (centimes par mois)"),
    "hired_on": _lazy("embauche le"),
    "left_on": _lazy("sortie le"),
}


def label(field: models.Field) -> str:
    """The field's French label: its verbose_name, unless Django made it from the name."""
    if str(field.verbose_name) == field.name.replace("_", " ") and field.name in LABELS:
        return str(LABELS[field.name])
    return str(field.verbose_name)


def _value(row, field: models.Field):
    if field.is_relation:
        related = getattr(row, field.name)
        return str(related) if related is not None else None
    value = getattr(row, field.attname)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value


def collect(person: Person) -> dict:
    """{"person", "generated_at", "sections": [{"model", "title", "rows": [{field: value}]}],
    "kept_by_law"}: plain data, JSON-ready through DjangoJSONEncoder."""
    sections = []
    for entry in CATALOGUE:
        model = apps.get_model(entry.model)
        fields = [model._meta.get_field(name) for name, rule in entry.fields.items() if rule.export]
        rows = [{field.name: _value(row, field) for field in fields}
                for row in rows_of(entry, person).order_by("pk")]
        sections.append({"model": entry.model, "title": str(entry.title), "rows": rows})
    return {
        "person": str(person.public_id),
        "generated_at": timezone.now().isoformat(),
        "sections": sections,
        "kept_by_law": {key: str(text) for key, text in HOLDS.items()},
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _display(model, name: str, value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        return date_format(datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return str(value)


def to_document(data: dict) -> Document:
    blocks = [Paragraph(_(
        "Toutes les informations que le programme détient sur la personne d'identifiant %(id)s, "
        "à la date de ce document, rubrique par rubrique. Le journal des accès dit quand et pour "
        "quoi le dossier a été ouvert ou modifié.") % {"id": data["person"]}, style="muted")]
    for section in data["sections"]:
        model = apps.get_model(section["model"])
        blocks.append(Heading(section["title"], level=2))
        if not section["rows"]:
            blocks.append(Paragraph(_("Aucune information."), style="muted"))
        for index, row in enumerate(section["rows"], start=1):
            if len(section["rows"]) > 1:
                blocks.append(Heading(f"{section['title']} — {index}", level=3))
            blocks.append(KeyValues(tuple(
                (label(model._meta.get_field(name)).capitalize(),
                 _display(model, name, value)) for name, value in row.items())))
    blocks.append(Heading(_("Ce que la loi oblige l'employeur à conserver"), level=2))
    blocks.extend(Paragraph(text) for text in data["kept_by_law"].values())
    return Document(title=_("Données détenues sur une personne"),
                    subtitle=_("Droit d'accès (RGPD, art. 15 et 20)"),
                    blocks=tuple(blocks), footer=data["person"])


def to_pdf(data: dict) -> bytes:
    return render_pdf(to_document(data))
