"""apply_retention: notice, grace, anonymisation; the monthly series add up afterwards."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.forms.models import model_to_dict

from jobfactory.audit.models import AccessLog, Action
from jobfactory.people.models import CommitteeDecision, EligibilityReview, HouseholdSituation, Person
from jobfactory.privacy.models import Channel, RetentionNotice
from jobfactory.reporting.models import TerritoryMonth
from jobfactory.reporting.series import refresh
from jobfactory.staffing.models import Amendment, Contract

NOTICE_DAY = date(2027, 6, 15)
IN_GRACE = date(2027, 6, 25)
AFTER_GRACE = date(2027, 7, 16)
# The series' fields that count people and contracts, and the breakdowns by band: unchanged.
COUNTS = ("registered", "eligible", "waiting", "employees", "fte", "hires", "exits",
          "exits_by_reason", "breakdowns")


def run(today: date, *apply: str) -> str:
    out = StringIO()
    call_command("apply_retention", "--today", today.isoformat(), *apply, stdout=out)
    return out.getvalue()


def series(territory) -> dict:
    refresh([territory], today=AFTER_GRACE)
    return {row.month: {name: getattr(row, name) for name in COUNTS}
            for row in TerritoryMonth.objects.filter(territory=territory)}


def snapshot(person) -> dict:
    person.refresh_from_db()
    return model_to_dict(person) | {"public_id": person.public_id}


def everyone(scene) -> list[Person]:
    return [scene.old_withdrawn, scene.old_refused, scene.old_leaver, scene.recent_withdrawn,
            scene.recent_leaver, scene.employee, scene.waiting, scene.registered]


@pytest.mark.django_db
def test_dry_run_counts_and_changes_nothing(scene):
    before = [snapshot(p) for p in everyone(scene)]
    logged = AccessLog.objects.count()
    output = run(NOTICE_DAY)
    assert "jamais embauché·es sorti·es de la liste : 2" in output
    assert "avis à émettre : ancien·nes salarié·es : 1" in output
    assert "dont par courriel : 2" in output
    assert "dont par courrier, listés pour l'équipe du territoire : 1" in output
    assert "Rien n'est modifié" in output
    # Counts only: no name, no e-mail address, no opaque id.
    for person in everyone(scene):
        for value in (person.last_name, person.first_name, str(person.public_id)):
            assert value not in output
    assert "@" not in output
    assert [snapshot(p) for p in everyone(scene)] == before
    assert AccessLog.objects.count() == logged
    assert not RetentionNotice.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_notice_then_grace_then_anonymisation_keeps_the_series(scene, territory):
    series_before = series(territory)
    untouched = [scene.recent_withdrawn, scene.recent_leaver, scene.employee, scene.waiting,
                 scene.registered]
    untouched_before = [snapshot(p) for p in untouched]
    old_ids = {p.pk: p.public_id for p in (scene.old_withdrawn, scene.old_refused, scene.old_leaver)}

    run(NOTICE_DAY, "--apply")
    notices = RetentionNotice.objects.order_by("person_id")
    assert {(n.person_id, n.channel) for n in notices} == {
        (scene.old_withdrawn.pk, Channel.EMAIL), (scene.old_leaver.pk, Channel.EMAIL),
        (scene.old_refused.pk, Channel.LETTER)}
    assert sorted(m.to[0] for m in mail.outbox) == ["ancien@example.org", "personne@example.org"]
    assert "15 juillet 2027" in mail.outbox[0].body  # the notice's day plus the 30-day grace
    assert AccessLog.objects.filter(action=Action.RETENTION_NOTICE).count() == 3

    # Within the grace period, a second run neither notifies again nor anonymises.
    run(IN_GRACE, "--apply")
    assert RetentionNotice.objects.count() == 3 and len(mail.outbox) == 2
    assert not Person.objects.filter(anonymised_on__isnull=False).exists()

    output = run(AFTER_GRACE, "--apply")
    assert "3 personne(s) anonymisée(s)" in output
    for pk, old_id in old_ids.items():
        person = Person.objects.get(pk=pk)
        assert person.anonymised_on == AFTER_GRACE
        assert person.public_id != old_id
        for name in ("first_name", "last_name", "email", "phone", "address", "postcode", "commune",
                     "skills", "projects", "wishes", "mobility_constraints",
                     "childcare_constraints", "health_notes", "withdrawal_reason"):
            assert getattr(person, name) == "", name
        assert person.health_consent_on is None and person.home_latitude is None
        assert person.skill_codes == [] and not person.rqth
        assert person.birth_date.day == 1 and person.arrived_in_territory_on.day == 1
        assert AccessLog.objects.filter(action=Action.ANONYMISE, person_public_id=old_id).exists()
        assert not AccessLog.objects.filter(person_public_id=person.public_id).exists()
        assert not HouseholdSituation.objects.filter(person=person).exists()
        assert all(r.notes == "" and r.facts == {} and r.interviewed_on.day == 1
                   for r in EligibilityReview.objects.filter(person=person))
        assert all(d.reason == "" and d.decided_on.day == 1
                   for d in CommitteeDecision.objects.filter(person=person))
    # Statuses, decisions and the contract's hours and exit reason stay, at month precision.
    leaver = Person.objects.get(pk=scene.old_leaver.pk)
    assert leaver.status == "left" and leaver.sex == "F" and leaver.birth_date == date(1975, 8, 1)
    contract = Contract.objects.get(pk=scene.old_contract.pk)
    assert (contract.start_on, contract.end_on) == (date(2018, 11, 1), date(2020, 6, 1))
    assert contract.exit_reason == "ordinary_job" and contract.exit_note == ""
    assert contract.public_id != scene.old_contract.public_id
    amendment = Amendment.objects.get(contract=contract)
    assert (amendment.effective_on, str(amendment.weekly_hours)) == (date(2019, 3, 1), "35.00")
    assert Person.objects.get(pk=scene.old_refused.pk).status == "not_eligible"

    assert [snapshot(p) for p in untouched] == untouched_before
    assert series(territory) == series_before
    # Nothing left to do.
    assert "à anonymiser : jamais embauché·es : 0" in run(AFTER_GRACE)


@pytest.mark.django_db
def test_a_new_event_after_the_notice_starts_the_period_again(scene):
    run(NOTICE_DAY, "--apply")
    person = scene.old_withdrawn
    # The team recorded something in the file during the grace period.
    AccessLog.objects.create(at=datetime(2027, 6, 20, 10, tzinfo=UTC), username="team",
                             action=Action.UPDATE, person_public_id=person.public_id)
    run(AFTER_GRACE, "--apply")
    person.refresh_from_db()
    assert person.anonymised_on is None and person.last_name
    assert Person.objects.get(pk=scene.old_refused.pk).anonymised_on == AFTER_GRACE
    # Past the period again two years later: a new notice, not an anonymisation.
    run(date(2029, 7, 1), "--apply")
    person.refresh_from_db()
    assert person.anonymised_on is None
    assert list(RetentionNotice.objects.filter(person=person).values_list("issued_on", flat=True)
                .order_by("issued_on")) == [NOTICE_DAY, date(2029, 7, 1)]


@pytest.mark.django_db
def test_periods_come_from_the_settings(scene, settings):
    settings.JOBFACTORY_RETENTION_YEARS_NOT_HIRED = 10
    settings.JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE = 10
    output = run(NOTICE_DAY)
    assert "jamais embauché·es sorti·es de la liste : 0" in output
    assert "avis à émettre : ancien·nes salarié·es : 0" in output
    settings.JOBFACTORY_RETENTION_YEARS_NOT_HIRED = 2
    settings.JOBFACTORY_RETENTION_GRACE_DAYS = 5
    run(NOTICE_DAY, "--apply")
    run(date(2027, 6, 20), "--apply")
    assert Person.objects.get(pk=scene.old_refused.pk).anonymised_on == date(2027, 6, 20)
