from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "jobfactory.referentials"
    verbose_name = "Référentiels"
