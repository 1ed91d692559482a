from django.urls import path

from jobfactory.people import views as people_views
from jobfactory.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_list, name="list"),
    path("<int:territory_id>/", views.territory_detail, name="detail"),
    path("<int:territory_id>/volontaires/", views.people_list, name="people"),
    path("<int:territory_id>/liste-attente/", views.waiting_list, name="waiting_list"),
    path("<int:territory_id>/volontaires/nouveau/", people_views.person_create,
         name="person_create"),
]
