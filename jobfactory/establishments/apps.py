from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "jobfactory.establishments"
    verbose_name = "Établissements (SIRENE)"
