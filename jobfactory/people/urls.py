from django.urls import path

from jobfactory.people import views, views_import

app_name = "people"
urlpatterns = [
    path("<uuid:public_id>/", views.person_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.person_edit, name="edit"),
    path("<uuid:public_id>/foyer/", views.household_edit, name="household"),
    path("<uuid:public_id>/entretien/", views.interview, name="interview"),
    path("<uuid:public_id>/decision/", views.decision, name="decision"),
    path("<uuid:public_id>/retrait/", views.withdraw, name="withdraw"),
    path("territoire/<int:territory_id>/import/", views_import.import_people_view,
         name="import"),
    path("territoire/<int:territory_id>/import/modele.csv", views_import.import_template_view,
         name="import_template"),
]
