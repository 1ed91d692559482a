"""Monthly indicators, stored: a programme's dashboard reads thousands of territory-months, which
must not be recomputed from every person at each page view."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.figures import exhaustivity
from jobfactory.territories.models import Territory


class TerritoryMonthQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(territory__in=Territory.objects.visible_to(user))


class TerritoryMonth(models.Model):
    """A territory's figures for one month, read on its last day (see engines/indicators.py)."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("mois"))
    on = models.DateField(_("lu le"))
    registered = models.PositiveIntegerField(_("volontaires inscrit·e·s"))
    eligible = models.PositiveIntegerField(_("éligibles"))
    waiting = models.PositiveIntegerField(_("en attente"))
    waiting_days_median = models.FloatField(_("attente médiane (jours)"), null=True)
    employees = models.PositiveIntegerField(_("salarié·e·s en fin de mois"))
    fte = models.DecimalField(_("ETP en fin de mois"), max_digits=9, decimal_places=2)
    month_fte = models.DecimalField(_("ETP du mois"), max_digits=9, decimal_places=2)
    hires = models.PositiveIntegerField(_("embauches du mois"))
    hires_from_list_days = models.PositiveIntegerField(default=0)
    exits = models.PositiveIntegerField(_("sorties du mois"))
    exits_by_reason = models.JSONField(default=dict)
    breakdowns = models.JSONField(default=dict)

    objects = TerritoryMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("mois d'un territoire")
        verbose_name_plural = _("mois des territoires")
        ordering = ["territory", "month"]
        constraints = [models.UniqueConstraint(fields=["territory", "month"],
                                               name="one_row_per_territory_month")]

    def __str__(self):
        return f"{self.territory_id} {self.month:%Y-%m}"

    @property
    def under_contract(self) -> int:
        return self.employees

    @property
    def exhaustivity(self) -> Decimal | None:
        return exhaustivity(self.employees, self.waiting)


class SeriesState(models.Model):
    """When a territory's months were last computed, and whether a change has made them stale."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="series_state")
    computed_on = models.DateField()
    stale = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.territory_id} {self.computed_on}{' (à recalculer)' if self.stale else ''}"
