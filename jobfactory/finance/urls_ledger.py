from django.urls import path

from jobfactory.finance import views_ledger

app_name = "ledger"

urlpatterns = [
    path("territoire/<int:territory_id>/", views_ledger.territory_ledger, name="territory"),
    path("programme/<int:programme_id>/", views_ledger.programme_ledger, name="programme"),
]
