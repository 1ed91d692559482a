from django.urls import path

from jobfactory.reporting import views, views_report

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("territoire/<int:territory_id>/", views.territory_dashboard, name="territory"),
    path("territoire/<int:territory_id>/rapport-<int:year>.pdf", views_report.territory_report_pdf,
         name="territory_report"),
    path("employeur/<int:employer_id>/", views.employer_dashboard, name="employer"),
    path("programme/<int:programme_id>/", views.programme_dashboard, name="programme"),
]
