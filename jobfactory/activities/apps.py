from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "jobfactory.activities"
    verbose_name = "Activités"
