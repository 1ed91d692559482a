from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jobfactory.demo"
    verbose_name = "Démonstration"
