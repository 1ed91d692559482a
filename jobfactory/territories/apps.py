from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "jobfactory.territories"
    verbose_name = _("Territoires")
