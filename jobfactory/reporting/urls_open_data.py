from django.urls import path

from jobfactory.reporting import views_open_data

app_name = "open_data"
urlpatterns = [
    path("", views_open_data.index, name="index"),
    path("programme-<int:programme_id>/<str:name>", views_open_data.download, name="file"),
]
