from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """A French commune by its INSEE code (Code officiel géographique), not its postcode."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    department = models.CharField(_("département"), max_length=3)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"
