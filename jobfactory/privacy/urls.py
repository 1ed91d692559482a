from django.urls import path

from jobfactory.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<uuid:public_id>/donnees.json", views.export_json, name="export_json"),
    path("<uuid:public_id>/donnees.pdf", views.export_pdf, name="export_pdf"),
    path("<uuid:public_id>/effacement/", views.erase, name="erase"),
    path("<uuid:public_id>/avis-de-conservation/poste/", views.mark_posted, name="mark_posted"),
    path("territoire/<int:territory_id>/avis-de-conservation/", views.letters, name="letters"),
]
