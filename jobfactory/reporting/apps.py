from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "jobfactory.reporting"
    verbose_name = _("Indicateurs")

    def ready(self):
        from jobfactory.reporting.signals import connect

        connect()
