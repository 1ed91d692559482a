"""An activity's life: dated transitions, and approval only through the committee."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jobfactory.activities.enums import ActivityStatus, ObjectionAnswer, Verdict
from jobfactory.activities.models import AgendaItem, Objection, StatusChange
from jobfactory.activities.services import (
    add_to_agenda,
    answer_objection,
    change_status,
    record_decision,
)
from jobfactory.engines import activity_pipeline as pipeline
from tests.activities.conftest import make_activity

pytestmark = pytest.mark.django_db


def test_engine_refuses_approval_outside_the_committee():
    with pytest.raises(pipeline.TransitionRefused) as refused:
        pipeline.check_transition(pipeline.SUBMITTED, pipeline.APPROVED)
    assert refused.value.code == "committee_only"
    pipeline.check_transition(pipeline.SUBMITTED, pipeline.APPROVED, by_committee=True)


@pytest.mark.parametrize(("current", "target"), [
    (pipeline.PROPOSED, pipeline.RUNNING),
    (pipeline.UNDER_STUDY, pipeline.RUNNING),
    (pipeline.REFUSED, pipeline.RUNNING),
    (pipeline.CLOSED, pipeline.UNDER_STUDY),
    (pipeline.PROPOSED, pipeline.SUBMITTED),
])
def test_engine_refuses_skipping_steps(current, target):
    with pytest.raises(pipeline.TransitionRefused) as refused:
        pipeline.check_transition(current, target, by_committee=True)
    assert refused.value.code == "not_allowed"


def test_next_statuses_never_offer_the_committee_decision():
    assert pipeline.next_statuses(pipeline.SUBMITTED) == [pipeline.UNDER_STUDY, pipeline.CLOSED]


def test_a_new_activity_is_proposed_with_a_dated_history(activity):
    assert activity.status == ActivityStatus.PROPOSED
    assert activity.status_since == date(2026, 1, 10)
    assert list(activity.status_changes.values_list("to_status", flat=True)) == ["proposed"]
    assert activity.weekly_hours() == 35


def test_status_cannot_be_set_to_approved_by_hand(activity, team_user):
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    change_status(activity, ActivityStatus.SUBMITTED, user=team_user, on=date(2026, 1, 20))
    with pytest.raises(ValidationError) as refused:
        change_status(activity, ActivityStatus.APPROVED, user=team_user, on=date(2026, 1, 21))
    assert "comité" in refused.value.messages[0]
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_the_database_refuses_an_approval_without_decision(activity):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(activity=activity, from_status="submitted", to_status="approved",
                                    on=date(2026, 2, 1))


def test_a_date_before_the_last_change_is_refused(activity, team_user):
    with pytest.raises(ValidationError):
        change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 1))


def test_committee_approval_moves_the_activity_on_the_meeting_day(activity, meeting, team_user):
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    item = add_to_agenda(meeting, activity, user=team_user)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    record_decision(item, verdict=Verdict.APPROVED, reasons="Besoin avéré, aucun atelier à Loos.",
                    user=team_user, opinions={"chamber_of_trades_opinion": "favourable"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    assert activity.status_since == meeting.held_on
    change = activity.status_changes.get(to_status=ActivityStatus.APPROVED)
    assert change.decision == item
    assert AgendaItem.objects.get(pk=item.pk).chamber_of_trades_opinion == "favourable"
    change_status(activity, ActivityStatus.RUNNING, user=team_user, on=date(2026, 4, 1))


def test_deferral_keeps_the_activity_submitted_for_a_later_meeting(activity, meeting, team_user):
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    item = add_to_agenda(meeting, activity, user=team_user)
    record_decision(item, verdict=Verdict.DEFERRED, reasons="Attendre l'avis de la CMA.", user=team_user)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    later = meeting.__class__.objects.create(territory=meeting.territory, held_on=date(2026, 4, 6))
    add_to_agenda(later, activity, user=team_user)


def test_a_decision_needs_reasons_and_a_past_meeting(activity, meeting, team_user):
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    item = add_to_agenda(meeting, activity, user=team_user)
    with pytest.raises(ValidationError):
        record_decision(item, verdict=Verdict.APPROVED, reasons="  ", user=team_user)
    meeting.held_on = date(2099, 1, 1)
    meeting.save()
    with pytest.raises(ValidationError):
        record_decision(item, verdict=Verdict.APPROVED, reasons="ok", user=team_user)


def test_only_studied_activities_go_on_the_agenda_and_once(activity, meeting, team_user):
    with pytest.raises(ValidationError):
        add_to_agenda(meeting, activity, user=team_user)  # still proposed
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    add_to_agenda(meeting, activity, user=team_user)
    with pytest.raises(ValidationError):
        add_to_agenda(meeting, activity, user=team_user)


def test_another_territorys_activity_cannot_go_on_the_agenda(other_territory, meeting, team_user):
    elsewhere = make_activity(other_territory, team_user)
    change_status(elsewhere, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    with pytest.raises(ValidationError):
        add_to_agenda(meeting, elsewhere, user=team_user)


def test_taking_back_a_submitted_activity_removes_it_from_the_agenda(activity, meeting, team_user):
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
    add_to_agenda(meeting, activity, user=team_user)
    change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, note="À retravailler")
    assert not meeting.items.exists()


def test_maintaining_after_an_objection_needs_reasons(activity, team_user):
    objection = Objection.objects.create(activity=activity, business="Cycles Dupont",
                                         grounds="Nous réparons déjà des vélos.", raised_on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        answer_objection(objection, answer=ObjectionAnswer.MAINTAINED, reasons="", user=team_user)
    answer_objection(objection, answer=ObjectionAnswer.MAINTAINED, user=team_user,
                     reasons="Atelier d'autoréparation, public différent.", on=date(2026, 2, 10))
    objection.refresh_from_db()
    assert objection.answer == ObjectionAnswer.MAINTAINED


def test_dropping_after_an_objection_closes_the_activity(activity, team_user):
    objection = Objection.objects.create(activity=activity, business="Cycles Dupont",
                                         grounds="Concurrence directe.", raised_on=date(2026, 2, 1))
    answer_objection(objection, answer=ObjectionAnswer.DROPPED, reasons="", user=team_user,
                     on=date(2026, 2, 10))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CLOSED
    assert "Cycles Dupont" in activity.status_changes.last().note
