"""Anonymising a person (end of retention) and erasing on request, both driven by the catalogue.

Rows are kept, emptied, rather than deleted: the monthly series count people and contracts, and
they must add up after anonymisation. Dates go to the first of their month, which the series,
read on the last day of each month, do not see (see tests/privacy/test_retention.py).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from types import SimpleNamespace

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.eligibility import months_between
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.people.services import refresh_status
from jobfactory.privacy.catalogue import CATALOGUE, Entry, Treatment
from jobfactory.staffing.models import Contract


def rows_of(entry: Entry, person: Person) -> models.QuerySet:
    model = apps.get_model(entry.model)
    if entry.person_path == "pk":
        return model.objects.filter(pk=person.pk)
    if entry.person_path == "person_public_id":
        return model.objects.filter(person_public_id=person.public_id)
    return model.objects.filter(**{entry.person_path: person})


def _empty(field: models.Field):
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return field.get_default()
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.BooleanField):
        return False
    return ""


def _month(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return timezone.make_aware(datetime.combine(local.date().replace(day=1), time(12)))
    return value.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _span(person: Person, value: date) -> date:
    """A first of month such that the whole months up to the first hire (itself at month
    precision after anonymisation) are those counted from the true date."""
    first = person.contracts.order_by("start_on").values_list("start_on", flat=True).first()
    if first is None:
        return _month(value)
    return _add_months(first.replace(day=1), -max(months_between(value, first), 0))


def _treated(person: Person, field: models.Field, treatment: Treatment, value):
    if treatment == Treatment.BLANK:
        return _empty(field)
    if treatment == Treatment.MONTH:
        return _month(value)
    if treatment == Treatment.SPAN:
        return _span(person, value)
    if treatment == Treatment.REKEY:
        return uuid.uuid4()
    return value


def _apply(entry: Entry, person: Person, treatments: set[Treatment], spared: set[str] = frozenset()):
    """Treat every row of `entry` for `person`; fields held in `spared` are left alone."""
    queryset = rows_of(entry, person)
    if entry.delete_rows:
        queryset.delete()
        return
    model = queryset.model
    for row in queryset:
        changed = []
        for name, rule in entry.fields.items():
            if rule.treatment not in treatments or rule.held in spared:
                continue
            field = model._meta.get_field(name)
            # Computed from the untouched person: SPAN reads the contract's true start.
            new = _treated(person, field, rule.treatment, getattr(row, field.attname))
            if new != getattr(row, field.attname):
                setattr(row, field.attname, new)
                changed.append(field.attname)
        if changed:
            # One save per row: signals mark the territory's series stale.
            row.save(update_fields=changed)


ANONYMISING = {Treatment.BLANK, Treatment.MONTH, Treatment.SPAN, Treatment.REKEY}


@transaction.atomic
def anonymise(person: Person, *, today: date, user=None, detail: str = "",
              action: str = Action.ANONYMISE) -> None:
    """Empty and coarsen everything the catalogue lists for this person, for good."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old_id = person.public_id
    # SPAN reads the contracts' true start: the person row goes first, the contracts after.
    for entry in sorted((e for e in CATALOGUE if not e.frozen), key=lambda e: e.model != "people.Person"):
        _apply(entry, person, ANONYMISING)
    Person.objects.filter(pk=person.pk).update(anonymised_on=today)
    # Logged under the id the earlier log lines carry: the trail ends here.
    record(user, action, detail=detail, persons=[SimpleNamespace(public_id=old_id)])


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def employer_must_keep(person: Person, today: date, years_after_departure: int) -> bool:
    """Under contract, or left less than `years_after_departure` years ago: the employer's
    records (HOLDS) must be kept."""
    ends = list(Contract.objects.filter(person=person).values_list("end_on", flat=True))
    if not ends:
        return False
    if any(end is None or end >= today for end in ends):
        return True
    return today < years_after(max(ends), years_after_departure)


@transaction.atomic
def erase_on_request(person: Person, *, today: date, user, years_after_departure: int) -> bool:
    """Erase what may be erased. Returns True when held records were kept (an employee, or a
    former employee within the legal period); False when the person was anonymised whole.

    A volunteer on the list, or before the committee's decision, leaves the list first: an erased
    identity cannot be hired, and the counts must say so.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status in {PersonStatus.REGISTERED, PersonStatus.AWAITING_DECISION, PersonStatus.WAITING}:
        person.withdrawn_on, person.withdrawal_reason = today, "effacement à la demande"
        person.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        refresh_status(person, today)
    if not employer_must_keep(person, today, years_after_departure):
        anonymise(person, today=today, user=user, action=Action.ERASURE,
                  detail="effacement à la demande : dossier anonymisé")
        Person.objects.filter(pk=person.pk).update(erased_on=today)
        return False
    held = {entry.held for entry in CATALOGUE if entry.held} | {
        rule.held for entry in CATALOGUE for rule in entry.fields.values() if rule.held}
    for entry in CATALOGUE:
        if entry.frozen or entry.held:
            continue
        # Coarsening dates of an active employee would corrupt their history: only BLANK applies.
        _apply(entry, person, {Treatment.BLANK}, spared=held)
    Person.objects.filter(pk=person.pk).update(erased_on=today)
    record(user, Action.ERASURE, person, detail="effacement partiel : registre et contrats conservés")
    return True
