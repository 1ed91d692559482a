from django.urls import path

from jobfactory.staffing import views

app_name = "staffing"
urlpatterns = [
    path("volontaire/<uuid:public_id>/embaucher/", views.hire, name="hire"),
    path("volontaire/<uuid:public_id>/passer/", views.skip, name="skip"),
    path("contrat/<uuid:public_id>/", views.contract_detail, name="contract"),
    path("contrat/<uuid:public_id>/avenant/", views.amend, name="amend"),
    path("contrat/<uuid:public_id>/fin/", views.end, name="end"),
]
