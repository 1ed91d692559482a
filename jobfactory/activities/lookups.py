"""Find what a page is about within the user's scope: anything outside answers 404, like a missing page."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from jobfactory.activities import scope
from jobfactory.activities.models import Activity, AgendaItem, CommitteeMeeting, LocalNeed, Objection
from jobfactory.territories.models import Territory


def territory_for(request, territory_id, *, edit=False, meetings=False) -> Territory:
    if not scope.can_read_activities(request.user):
        raise Http404
    if edit and not scope.can_edit_activities(request.user):
        raise Http404
    if meetings and not scope.can_run_meetings(request.user):
        raise Http404
    return get_object_or_404(Territory.objects.visible_to(request.user), pk=territory_id)


def activity_for(request, public_id, *, edit=False) -> Activity:
    queryset = Activity.objects.editable_by(request.user) if edit else Activity.objects.visible_to(
        request.user)
    return get_object_or_404(queryset.select_related("territory", "need", "employer"),
                             public_id=public_id)


def need_for(request, public_id) -> LocalNeed:
    return get_object_or_404(LocalNeed.objects.visible_to(request.user).select_related("territory"),
                             public_id=public_id)


def objection_for(request, objection_id) -> Objection:
    return get_object_or_404(Objection.objects.editable_by(request.user).select_related("activity"),
                             pk=objection_id)


def meeting_for(request, public_id, *, run=False) -> CommitteeMeeting:
    if run and not scope.can_run_meetings(request.user):
        raise Http404
    return get_object_or_404(CommitteeMeeting.objects.visible_to(request.user).select_related("territory"),
                             public_id=public_id)


def item_for(meeting: CommitteeMeeting, item_id) -> AgendaItem:
    return get_object_or_404(meeting.items.select_related("activity"), pk=item_id)
