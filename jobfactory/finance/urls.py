from django.urls import path

from jobfactory.finance import views_budget

app_name = "finance"
urlpatterns = [
    path("budget/", views_budget.budget_home, name="budget_home"),
    path("employeurs/<int:employer_id>/budget/", views_budget.budget_employer, name="budget_employer"),
    path("employeurs/<int:employer_id>/budget/<int:year>/", views_budget.budget_year, name="budget_year"),
    path("employeurs/<int:employer_id>/budget/<int:year>/comparer/", views_budget.compare, name="compare"),
    path("budget/<uuid:public_id>/", views_budget.scenario_detail, name="scenario"),
    path("budget/<uuid:public_id>/hypotheses/", views_budget.scenario_edit, name="scenario_edit"),
    path("budget/<uuid:public_id>/copier/", views_budget.scenario_copy, name="scenario_copy"),
    path("budget/<uuid:public_id>/supprimer/", views_budget.scenario_delete, name="scenario_delete"),
]
