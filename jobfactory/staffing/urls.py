from django.urls import path

from jobfactory.staffing import views, views_planning

app_name = "staffing"
urlpatterns = [
    path("volontaire/<uuid:public_id>/embaucher/", views.hire, name="hire"),
    path("volontaire/<uuid:public_id>/passer/", views.skip, name="skip"),
    path("contrat/<uuid:public_id>/", views.contract_detail, name="contract"),
    path("contrat/<uuid:public_id>/avenant/", views.amend, name="amend"),
    path("contrat/<uuid:public_id>/fin/", views.end, name="end"),
    path("plans/", views_planning.plan_list, name="plans"),
    path("plans/<uuid:public_id>/", views_planning.plan_detail, name="plan"),
    path("plans/<uuid:public_id>/appliquer/", views_planning.plan_apply, name="plan_apply"),
    path("plans/<uuid:public_id>/contrat/<uuid:contract_id>/", views_planning.plan_edit_person,
         name="plan_person"),
    path("plans/<uuid:public_id>/groupes/<int:index>/besoin/", views_planning.plan_propose_need,
         name="plan_need"),
]
