"""The check behind the guard test: every field that looks personal is declared.

A field is covered when the catalogue gives it a treatment (so the anonymiser and the export both
handle it) or NOT_PERSONAL gives a reason. Every field of a catalogued model must be covered, and
every model that points at a catalogued one must itself be catalogued or declared.
"""

from __future__ import annotations

import re

from django.db import models

from jobfactory.privacy.catalogue import BY_MODEL, NOT_PERSONAL, Entry

# English and French stems of names that may hold a person's data, matched at the start of each
# word of the field's name (so that "employer" is not read as "loyer", nor "is_current" as "rent").
STEMS = (
    "name", "nom", "prenom", "first", "birth", "naiss", "address", "adresse", "street", "rue",
    "postcode", "postal", "zip", "commune", "city", "ville", "phone", "telephone", "mobile",
    "email", "mail", "courriel", "health", "sante", "medical", "disab", "handicap", "rqth",
    "income", "revenu", "salar", "wage", "gross", "brut", "rent", "loyer", "benefit", "allocation",
    "prestation", "declared", "iban", "bic", "bank", "nir", "social", "secu", "ssn", "note",
    "comment", "observation", "remark", "reason", "motif", "latitude", "longitude", "nationalit",
    "religio", "partner", "conjoint", "child", "enfant", "famil", "consent", "ip",
)
WORDS = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])")
# The catalogue's anchor models: a model pointing at one of these holds a person's data.
ANCHORS = {"people.Person", "staffing.Contract"}


def looks_personal(name: str) -> bool:
    return any(word.startswith(STEMS) for word in WORDS.split(name.lower()) if word)


def _declared(label: str, name: str, catalogue: dict[str, Entry], not_personal: dict) -> bool:
    entry = catalogue.get(label)
    if entry is not None and name in entry.fields:
        return True
    reason = not_personal.get(label)
    return bool(reason) if isinstance(reason, str) else bool((reason or {}).get(name))


def uncovered(model_classes, catalogue: dict[str, Entry] = BY_MODEL,
              not_personal: dict = NOT_PERSONAL) -> list[str]:
    """Descriptions of what is missing, e.g. "people.Person.nickname: looks personal"."""
    problems = []
    for model in model_classes:
        label = model._meta.label
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        points_at_person = any(isinstance(f, models.ForeignKey) and f.related_model._meta.label
                               in ANCHORS for f in fields)
        if points_at_person and label not in catalogue and label not in ANCHORS \
                and not isinstance(not_personal.get(label), str):
            problems.append(f"{label}: refers to a person but is not in the catalogue")
        for field in fields:
            if label in catalogue and field.name not in catalogue[label].fields:
                problems.append(f"{label}.{field.name}: field of a catalogued model, no treatment")
            elif looks_personal(field.name) and not _declared(label, field.name, catalogue,
                                                               not_personal):
                problems.append(f"{label}.{field.name}: looks personal, neither catalogued nor "
                                f"declared in NOT_PERSONAL")
    return problems


def unknown_fields(catalogue: dict[str, Entry], get_model) -> list[str]:
    """Catalogued names that no longer exist on their model (a renamed field)."""
    problems = []
    for label, entry in catalogue.items():
        names = {f.name for f in get_model(label)._meta.concrete_fields}
        problems.extend(f"{label}.{name}: no such field" for name in entry.fields if name not in names)
    return problems
