"""Registering volunteers and deciding their eligibility."""

from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines import eligibility as engine
from jobfactory.engines.figures import Decision, eligible_since, is_withdrawn
from jobfactory.people.enums import DecisionOutcome, EngineOutcome, PersonStatus
from jobfactory.people.models import (
    CommitteeDecision,
    EligibilityReview,
    EligibilityRuleSet,
    Person,
)


def rule_set_in_force(family: str, on: date) -> EligibilityRuleSet:
    rows = list(EligibilityRuleSet.objects.filter(family=family))
    try:
        chosen = engine.rule_set_in_force([r.to_engine() for r in rows], family, on)
    except engine.NoRuleSetInForce as error:
        known = "; ".join(f"{r.name} {r.version} ({r.period_label()})" for r in error.known)
        raise ValidationError(_(
            "Aucun jeu de règles d'éligibilité n'est en vigueur le %(date)s pour ce territoire "
            "(connus : %(known)s). Un administrateur doit prolonger la période de validité ou "
            "ajouter le jeu de règles qui lui succède (Administration > Jeux de règles "
            "d'éligibilité).") % {"date": on.strftime("%d/%m/%Y"), "known": known or _("aucun")}
        ) from error
    return next(r for r in rows if r.version == chosen.version)


def _locked(person: Person) -> Person:
    """The row as it is now: the caller's copy may predate a hire made elsewhere."""
    return Person.objects.select_for_update().select_related("territory").get(pk=person.pk)


def _json_ready(params: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


@transaction.atomic
def record_interview(person: Person, *, interviewed_on: date, is_volunteer: bool,
                     job_search_steps: bool, notes: str, user) -> EligibilityReview:
    person = _locked(person)
    if person.status in {PersonStatus.EMPLOYED, PersonStatus.LEFT}:
        raise ValidationError(_("Cette personne a déjà été embauchée : pas de nouvel entretien."))
    rule_set = rule_set_in_force(person.territory.eligibility_family, interviewed_on)
    review = EligibilityReview(person=person, interviewed_on=interviewed_on,
                               is_volunteer=is_volunteer, job_search_steps=job_search_steps,
                               notes=notes, rule_set=rule_set, recorded_by=user)
    verdict = engine.evaluate(person.applicant(review), rule_set.to_engine(), interviewed_on)
    review.rule_set_label = (f"{rule_set.name}, version {rule_set.version} "
                             f"({verdict.rule_set.period_label()})")
    review.rule_set_source = rule_set.source
    review.outcome = verdict.outcome.value
    review.reasons = [{"rule": r.rule, "check": r.check.value, "params": _json_ready(r.params)}
                      for r in verdict.reasons]
    review.facts = _json_ready(asdict(person.applicant(review)))
    review.save()
    refresh_status(person)
    record(user, Action.INTERVIEW, person, detail=f"avis : {review.outcome}")
    return review


@transaction.atomic
def record_decision(person: Person, *, decided_on: date, outcome: str, reason: str,
                    user) -> CommitteeDecision:
    person = _locked(person)
    if person.status in {PersonStatus.EMPLOYED, PersonStatus.LEFT}:
        raise ValidationError(_(
            "Cette personne a été embauchée : l'éligibilité est une condition d'embauche "
            "seulement (un déménagement ne met pas fin au contrat)."))
    review = person.reviews.filter(interviewed_on__lte=decided_on).first()
    if review is None:
        raise ValidationError(_("Enregistrez d'abord l'entretien d'éligibilité, à une date "
                                "antérieure ou égale à la décision."))
    if outcome == DecisionOutcome.NOT_ELIGIBLE and not reason.strip():
        raise ValidationError({"reason": _("Une décision de non-éligibilité doit être motivée.")})
    if review.outcome == EngineOutcome.NOT_ELIGIBLE and outcome == DecisionOutcome.ELIGIBLE \
            and not reason.strip():
        raise ValidationError({"reason": _(
            "Les règles ont conclu à la non-éligibilité : motivez la décision du comité qui "
            "reconnaît l'éligibilité.")})
    decision = CommitteeDecision.objects.create(
        person=person, decided_on=decided_on, outcome=outcome, reason=reason, review=review,
        recorded_by=user)
    refresh_status(person)
    record(user, Action.DECISION, person, detail=f"décision : {outcome}")
    return decision


@transaction.atomic
def withdraw(person: Person, *, on: date, reason: str, user) -> None:
    person = _locked(person)
    if person.status in {PersonStatus.EMPLOYED, PersonStatus.LEFT}:
        raise ValidationError(_("Une personne embauchée quitte l'EBE par une fin de contrat."))
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du retrait."))
    if on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _(
            "Un retrait s'enregistre quand il a lieu, pas à l'avance.")})
    person.withdrawn_on = on
    person.withdrawal_reason = reason
    person.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    refresh_status(person)
    record(user, Action.WITHDRAW, person)


def derive_status(decisions: list[Decision], contracts, withdrawn_on: date | None, interviewed: bool,
                  today: date) -> tuple[str, date | None]:
    """(status, eligible_since) from a person's history: `contracts` need `start_on` and `end_on`.

    Plain data in, so that bulk loads (the load benchmark) derive statuses exactly as the product.
    """
    since = eligible_since(decisions, today)
    if any(c.end_on is None or c.end_on >= today for c in contracts):
        status = PersonStatus.EMPLOYED
    elif contracts:
        status = PersonStatus.LEFT
    elif is_withdrawn(decisions, withdrawn_on, today):
        status = PersonStatus.WITHDRAWN
    elif since is not None:
        status = PersonStatus.WAITING
    elif decisions:
        status = PersonStatus.NOT_ELIGIBLE
    elif interviewed:
        status = PersonStatus.AWAITING_DECISION
    else:
        status = PersonStatus.REGISTERED
    # The waiting-list order survives hiring, so that time on the list can be measured.
    first_since = since or next((eligible_since(decisions, c.start_on) for c in contracts), None)
    return status, first_since


def refresh_status(person: Person, today: date | None = None) -> None:
    """Derive the current status from the history, the one source of truth."""
    decisions = [Decision(d.decided_on, d.outcome) for d in person.decisions.all()]
    person.status, person.eligible_since = derive_status(
        decisions, list(person.contracts.all()), person.withdrawn_on,
        person.reviews.exists(), today or timezone.localdate())
    person.save(update_fields=["status", "eligible_since"])


def due_for_refresh(people, today: date):
    """Still marked employed, though every contract's last day is past."""
    return people.filter(status=PersonStatus.EMPLOYED).exclude(
        contracts__end_on__isnull=True).exclude(contracts__end_on__gte=today)


def refresh_due_statuses(people, today: date | None = None) -> int:
    """Employees whose last day has passed become 'left': statuses are kept by events, and an
    exit recorded in advance takes effect later. Returns how many were updated."""
    today = today or timezone.localdate()
    count = 0
    for person in due_for_refresh(people, today):
        refresh_status(person, today)
        count += 1
    return count
