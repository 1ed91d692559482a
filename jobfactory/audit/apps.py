from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jobfactory.audit"
    verbose_name = _("Journal des accès")
