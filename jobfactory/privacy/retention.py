"""Retention: who has reached the end of the period, who is told, who is anonymised.

- A volunteer never hired who left the list (withdrawn, not eligible): the period runs from the last
  event of the file (settings.JOBFACTORY_RETENTION_YEARS_NOT_HIRED, 2 years by default).
- A former employee: from the last event, which is at the earliest the departure
  (JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE, 5 years: the register of personnel's period).

Past the period, the person is told first (a RetentionNotice: an e-mail when the file has an
address, else a letter that the territory's team posts, listed on the territory's page of notices).
The person is anonymised once the notice is older than the grace period
(JOBFACTORY_RETENTION_GRACE_DAYS, 30 days), unless something new happened since: a new event makes
the notice moot and the period starts again.

People still registered or awaiting the committee's decision are not touched: they are still in
the programme's process, and the team closes their file by a withdrawal.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import AccessLog, Action
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import CommitteeDecision, EligibilityReview, Person
from jobfactory.people.services import due_for_refresh, refresh_status
from jobfactory.privacy.anonymise import anonymise, years_after
from jobfactory.privacy.models import Channel, RetentionNotice
from jobfactory.staffing.models import Amendment, Contract, Skip

logger = logging.getLogger(__name__)

NOT_HIRED = "not_hired"
FORMER_EMPLOYEE = "former_employee"
# What the team or the person did to the file: reads, exports and notices are not events.
CHANGES = [Action.CREATE, Action.UPDATE, Action.IMPORT, Action.INTERVIEW, Action.DECISION,
           Action.WITHDRAW, Action.SKIP, Action.HIRE, Action.AMEND, Action.END_CONTRACT]


@dataclass(frozen=True)
class Periods:
    not_hired_years: int
    after_departure_years: int
    grace_days: int

    @classmethod
    def from_settings(cls) -> Periods:
        return cls(settings.JOBFACTORY_RETENTION_YEARS_NOT_HIRED,
                   settings.JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE,
                   settings.JOBFACTORY_RETENTION_GRACE_DAYS)


@dataclass
class RetentionPlan:
    """What a run does, as people (never printed) and the counts the command prints."""

    to_notify: list[tuple[Person, str]] = field(default_factory=list)  # (person, kind)
    to_anonymise: list[tuple[Person, str]] = field(default_factory=list)
    in_grace: list[tuple[Person, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = Counter()
        for step, rows in (("notify", self.to_notify), ("anonymise", self.to_anonymise),
                           ("in_grace", self.in_grace)):
            for person, kind in rows:
                counts[f"{step}_{kind}"] += 1
                if step == "notify":
                    counts[f"notify_by_{Channel.EMAIL if person.email else Channel.LETTER}"] += 1
        return dict(counts)


def _merge(latest: dict[int, date], rows) -> None:
    for pk, day in rows:
        if day is not None and (pk not in latest or day > latest[pk]):
            latest[pk] = day


def last_events(people) -> dict[int, date]:
    """{person pk: the date of the file's last event}, in a fixed number of queries."""
    people = list(people)
    ids = [p.pk for p in people]
    latest: dict[int, date] = {}
    _merge(latest, ((p.pk, timezone.localtime(p.registered_at).date()) for p in people))
    _merge(latest, ((p.pk, p.withdrawn_on) for p in people))
    for model, path, day in ((EligibilityReview, "person", "interviewed_on"),
                             (CommitteeDecision, "person", "decided_on"),
                             (Skip, "person", "skipped_on"),
                             (Contract, "person", "start_on"), (Contract, "person", "end_on"),
                             (Amendment, "contract__person", "effective_on")):
        _merge(latest, model.objects.filter(**{f"{path}__in": ids}).values(path)
               .annotate(last=Max(day)).values_list(path, "last"))
    by_public_id = {p.public_id: p.pk for p in people}
    changes = (AccessLog.objects.filter(person_public_id__in=list(by_public_id), action__in=CHANGES)
               .values("person_public_id").annotate(last=Max("at"))
               .values_list("person_public_id", "last"))
    _merge(latest, ((by_public_id[pid], timezone.localtime(at).date()) for pid, at in changes))
    return latest


def candidates(today: date, territories=None):
    """People whose file may reach the end of its period: never hired and off the list, or
    former employees (including those whose last day passed since the statuses were refreshed);
    not anonymised yet."""
    people = Person.objects.filter(anonymised_on__isnull=True).select_related("territory")
    if territories is not None:
        people = people.filter(territory__in=territories)
    not_hired = people.filter(status__in=[PersonStatus.WITHDRAWN, PersonStatus.NOT_ELIGIBLE],
                              contracts__isnull=True)
    left = people.filter(status=PersonStatus.LEFT) | due_for_refresh(people, today)
    return [(p, NOT_HIRED) for p in not_hired] + [(p, FORMER_EMPLOYEE) for p in left.distinct()]


def plan(today: date, periods: Periods, territories=None) -> RetentionPlan:
    found = candidates(today, territories)
    latest = last_events(p for p, _kind in found)
    notices: dict[int, date] = dict(
        RetentionNotice.objects.filter(person__in=[p for p, _kind in found]).values("person")
        .annotate(last=Max("issued_on")).values_list("person", "last"))
    result = RetentionPlan()
    for person, kind in found:
        last = latest[person.pk]
        years = periods.not_hired_years if kind == NOT_HIRED else periods.after_departure_years
        if today < years_after(last, years):
            continue
        notice = notices.get(person.pk)
        if notice is None or notice < last:
            result.to_notify.append((person, kind))
        elif today >= notice + timedelta(days=periods.grace_days):
            result.to_anonymise.append((person, kind))
        else:
            result.in_grace.append((person, kind))
    return result


def anonymisation_date(issued_on: date, periods: Periods) -> date:
    return issued_on + timedelta(days=periods.grace_days)


def notice_text(person: Person, issued_on: date, periods: Periods) -> tuple[str, str]:
    """(subject, body) of the notice, by e-mail or by letter."""
    subject = _("Vos données dans le programme « Territoire zéro chômeur » de %(territory)s") % {
        "territory": person.territory.name}
    body = _(
        "Bonjour,\n\n"
        "Vous avez été inscrit·e comme volontaire du programme « Territoire zéro chômeur de longue "
        "durée » de %(territory)s. La durée pendant laquelle votre dossier est conservé est "
        "écoulée. Sans nouvelle de votre part, les informations qui vous identifient (nom, "
        "coordonnées, adresse, notes, situation du foyer) seront effacées à partir du %(date)s ; "
        "seules des données anonymes (mois des événements, décisions, nombres) resteront dans les "
        "statistiques du programme.\n\n"
        "Si vous souhaitez vous réinscrire, ou recevoir une copie de vos données avant cette "
        "date, adressez-vous à l'équipe du territoire.\n\n"
        "L'équipe du programme") % {
        "territory": person.territory.name,
        "date": date_format(anonymisation_date(issued_on, periods), "DATE_FORMAT")}
    return subject, body


def _notify(person: Person, today: date, periods: Periods) -> RetentionNotice:
    notice = RetentionNotice(person=person, issued_on=today, channel=Channel.LETTER)
    if person.email:
        subject, body = notice_text(person, today, periods)
        try:
            send_mail(subject, body, None, [person.email])
        except Exception:  # noqa: BLE001 - any mail failure: the team posts a letter instead.
            # The log names nobody: the notice row says which file it is.
            logger.warning("retention notice e-mail failed, a letter is listed instead")
        else:
            notice.channel, notice.emailed_at = Channel.EMAIL, timezone.now()
    notice.save()
    record(None, Action.RETENTION_NOTICE, person,
           detail=f"apply_retention : avis par {notice.channel}")
    return notice


def apply(result: RetentionPlan, today: date, periods: Periods) -> dict[str, int]:
    """Issue the notices and anonymise; each person in its own transaction, so that one failure
    (a mail server down) does not undo the others."""
    done = Counter()
    for person, _kind in result.to_notify:
        with transaction.atomic():
            notice = _notify(person, today, periods)
        done[f"notified_{notice.channel}"] += 1
    for person, kind in result.to_anonymise:
        if person.status == PersonStatus.EMPLOYED:
            refresh_status(person, today)
        anonymise(person, today=today, detail=f"apply_retention : {kind}")
        done["anonymised"] += 1
    return dict(done)
