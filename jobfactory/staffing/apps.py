from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "jobfactory.staffing"
    verbose_name = _("Contrats")
