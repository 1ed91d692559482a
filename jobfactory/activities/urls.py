from django.urls import path

from jobfactory.activities import views, views_meetings

app_name = "activities"
urlpatterns = [
    path("territoire/<int:territory_id>/", views.territory_activities, name="territory"),
    path("territoire/<int:territory_id>/besoins/nouveau/", views.need_create, name="need_create"),
    path("territoire/<int:territory_id>/nouvelle/", views.activity_create, name="activity_create"),
    path("besoins/<uuid:public_id>/", views.need_detail, name="need"),
    path("<uuid:public_id>/", views.activity_detail, name="activity"),
    path("<uuid:public_id>/modifier/", views.activity_edit, name="activity_edit"),
    path("<uuid:public_id>/etat/", views.activity_status, name="activity_status"),
    path("<uuid:public_id>/objections/nouvelle/", views.objection_create, name="objection_create"),
    path("objections/<int:objection_id>/reponse/", views.objection_answer, name="objection_answer"),
    path("territoire/<int:territory_id>/comites/nouveau/", views_meetings.meeting_create,
         name="meeting_create"),
    path("comites/<uuid:public_id>/", views_meetings.meeting_detail, name="meeting"),
    path("comites/<uuid:public_id>/presences/", views_meetings.meeting_attendance,
         name="meeting_attendance"),
    path("comites/<uuid:public_id>/ordre-du-jour/", views_meetings.agenda_add, name="agenda_add"),
    path("comites/<uuid:public_id>/points/<int:item_id>/decision/", views_meetings.item_decision,
         name="item_decision"),
    path("comites/<uuid:public_id>/dossier.pdf", views_meetings.meeting_pack, name="meeting_pack"),
]
