"""Hiring from the waiting list, amendments and exits."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.contracts import (
    MINIMUM_PART_TIME_HOURS,
    fte_of_hours,
    hours_on,
)
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.people.services import refresh_status
from jobfactory.staffing.enums import ExitReason
from jobfactory.staffing.models import Amendment, Contract, Skip
from jobfactory.territories.models import Employer, FundingAgreement


def people_ahead(person: Person) -> list[Person]:
    ordered = list(Person.objects.waiting_list(person.territory))
    position = next(i for i, p in enumerate(ordered) if p.pk == person.pk)
    return ordered[:position]


def pending_skip(person: Person) -> Skip | None:
    return person.skips.filter(hire__isnull=True).first()


def ahead_without_reason(ahead: list[Person]) -> list[Person]:
    """Of those ahead, who must still be hired, or passed over with a written reason."""
    skipped = set(Skip.objects.filter(person__in=ahead, hire__isnull=True)
                  .values_list("person_id", flat=True))
    return [p for p in ahead if p.pk not in skipped]


def committed_fte(employer: Employer, on: date) -> Decimal:
    """FTE under contract on `on`, plus hires already recorded to start later that year: a
    hire dated after another must not slip past the agreement by being checked first."""
    year_end = date(on.year, 12, 31)
    contracts = Contract.objects.filter(employer=employer, start_on__lte=year_end).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=on)).prefetch_related("amendments")
    return sum((fte_of_hours(hours_on(c.terms(), max(on, c.start_on))) for c in contracts),
               Decimal(0))


def agreement_check(employer: Employer, on: date, weekly_hours: Decimal):
    """(agreement or None, FTE after this hire): hiring beyond it needs a stated reason."""
    agreement = FundingAgreement.objects.filter(employer=employer, year=on.year).first()
    return agreement, committed_fte(employer, on) + fte_of_hours(weekly_hours)


def _check_part_time(weekly_hours: Decimal, written_request_on: date | None) -> None:
    if weekly_hours < MINIMUM_PART_TIME_HOURS and not written_request_on:
        raise ValidationError({"written_request_on": _(
            "Moins de 24 heures par semaine : le Code du travail (art. L3123-7) exige la demande "
            "écrite du salarié. Indiquez sa date.")})


@transaction.atomic
def skip(person: Person, *, on: date, reason: str, note: str, user) -> Skip:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.WAITING:
        raise ValidationError(_("Seule une personne de la liste d'attente peut être passée."))
    if not note.strip():
        raise ValidationError({"note": _("L'embauche se fait sans sélection : une explication "
                                         "écrite est obligatoire pour passer quelqu'un.")})
    if pending_skip(person):
        raise ValidationError(_("Cette personne est déjà passée pour la prochaine embauche."))
    entry = Skip.objects.create(person=person, territory=person.territory, skipped_on=on,
                                reason=reason, note=note, recorded_by=user)
    record(user, Action.SKIP, person, detail=f"motif : {reason}")
    return entry


@transaction.atomic
def hire(person: Person, *, employer: Employer, start_on: date, weekly_hours: Decimal,
         written_request_on: date | None, over_agreement_reason: str, user) -> Contract:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.WAITING:
        raise ValidationError(_("Seule une personne éligible de la liste d'attente peut être "
                                "embauchée."))
    if not employer.territories.filter(pk=person.territory_id).exists():
        raise ValidationError({"employer": _("Cet employeur ne sert pas le territoire de la "
                                             "personne.")})
    if not person.right_to_work:
        raise ValidationError(_("L'autorisation de travailler en France n'est pas enregistrée."))
    if start_on < person.eligible_since:
        raise ValidationError({"start_on": _("L'embauche ne peut précéder la reconnaissance de "
                                             "l'éligibilité.")})
    ahead = people_ahead(person)
    not_skipped = ahead_without_reason(ahead)
    if not_skipped:
        raise ValidationError(_(
            "L'embauche suit l'ordre de la liste d'attente : %(count)d personne(s) la précèdent "
            "sans motif écrit. Embauchez-les d'abord, ou enregistrez pour chacune le motif pour "
            "lequel elle est passée.") % {"count": len(not_skipped)})
    _check_part_time(weekly_hours, written_request_on)
    # Two hires at once must not both fit under the same agreement.
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    agreement, fte_after = agreement_check(employer, start_on, weekly_hours)
    beyond = agreement is None or fte_after > agreement.funded_fte
    if beyond and not over_agreement_reason.strip():
        if agreement is None:
            message = _("Aucune convention avec le fonds national n'est enregistrée pour "
                        "%(year)d : indiquez le motif pour embaucher quand même.") % {
                            "year": start_on.year}
        else:
            message = _("Cette embauche porterait l'employeur à %(after)s ETP pour %(funded)s "
                        "ETP conventionnés en %(year)d : indiquez le motif du dépassement.") % {
                            "after": f"{fte_after:.2f}", "funded": agreement.funded_fte,
                            "year": start_on.year}
        raise ValidationError({"over_agreement_reason": message})
    contract = Contract.objects.create(
        person=person, employer=employer, start_on=start_on, weekly_hours=weekly_hours,
        written_request_on=written_request_on,
        over_agreement_reason=over_agreement_reason if beyond else "", hired_by=user)
    Skip.objects.filter(person__in=ahead, hire__isnull=True).update(hire=contract)
    refresh_status(person)
    record(user, Action.HIRE, person, detail=f"contrat {contract.public_id}")
    return contract


@transaction.atomic
def amend(contract: Contract, *, effective_on: date, weekly_hours: Decimal,
          written_request_on: date | None, reason: str, user) -> Amendment:
    if effective_on <= contract.start_on:
        raise ValidationError({"effective_on": _("Un avenant prend effet après l'embauche.")})
    if contract.end_on and effective_on > contract.end_on:
        raise ValidationError({"effective_on": _("Le contrat est terminé à cette date.")})
    _check_part_time(weekly_hours, written_request_on)
    if contract.amendments.filter(effective_on=effective_on).exists():
        raise ValidationError({"effective_on": _(
            "Un avenant prend déjà effet à cette date : une date, un temps de travail.")})
    amendment = Amendment.objects.create(
        contract=contract, effective_on=effective_on, weekly_hours=weekly_hours,
        written_request_on=written_request_on, reason=reason, recorded_by=user)
    record(user, Action.AMEND, contract.person, detail=f"contrat {contract.public_id}")
    return amendment


@transaction.atomic
def end_contract(contract: Contract, *, end_on: date, reason: str, note: str, user) -> Contract:
    if contract.end_on is not None:
        raise ValidationError(_("Ce contrat est déjà terminé."))
    if end_on < contract.start_on:
        raise ValidationError({"end_on": _("La fin ne peut précéder l'embauche.")})
    if reason == ExitReason.OTHER and not note.strip():
        raise ValidationError({"exit_note": _("Précisez le motif « Autre ».")})
    if contract.amendments.filter(effective_on__gt=end_on).exists():
        raise ValidationError({"end_on": _("Un avenant prend effet après cette date.")})
    contract.end_on, contract.exit_reason, contract.exit_note = end_on, reason, note
    contract.save(update_fields=["end_on", "exit_reason", "exit_note"])
    # The work on activities ends with the contract.
    contract.assignments.filter(start_on__gt=end_on).delete()
    contract.assignments.filter(Q(end_on__isnull=True) | Q(end_on__gt=end_on)).update(end_on=end_on)
    refresh_status(contract.person)
    record(user, Action.END_CONTRACT, contract.person,
           detail=f"contrat {contract.public_id}, motif : {reason}")
    return contract
