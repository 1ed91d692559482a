"""Finance: parameters with their sources, the activation ledger and the employer's budget scenarios."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.finance.enums import CostingKind, IndirectCost
from jobfactory.people.models import Person
from jobfactory.territories.models import Employer, Programme, Territory


class JobContributionRate(models.Model):
    """The State's job contribution (CDE), as % of the gross hourly SMIC per hour paid."""

    starts_on = models.DateField(_("à compter du"), unique=True)
    percent = models.DecimalField(_("taux (% du SMIC horaire brut)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=500)
    confirmed = models.BooleanField(_("confirmé par un texte"), default=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("taux de la contribution au développement de l'emploi")
        verbose_name_plural = _("taux de la contribution au développement de l'emploi")

    def __str__(self):
        return f"{self.starts_on:%d/%m/%Y} : {self.percent} %"


class IndirectCostAssumption(models.Model):
    """A cost of long-term unemployment outside the legislation: an assumption, never a computed fact."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indirect_costs")
    key = models.CharField(_("poste"), max_length=40, choices=IndirectCost.choices)
    annual_cents = models.BigIntegerField(_("montant par personne et par an (centimes)"))
    source = models.CharField(_("source"), max_length=500)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="one_indirect_cost_per_key")]
        verbose_name = _("coût indirect (hypothèse)")
        verbose_name_plural = _("coûts indirects (hypothèses)")

    def __str__(self):
        return self.get_key_display()


class CostingRun(models.Model):
    """One computation of a programme's activation ledger, with the legislation's version and month."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="costing_runs")
    reference_month = models.DateField(_("législation du mois"))
    openfisca_version = models.CharField(_("version d'OpenFisca-France"), max_length=40)
    employer_headcount = models.PositiveIntegerField(_("effectif de l'employeur retenu"))
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    people_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(_("personnes sans situation du foyer"), default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-computed_at"]
        get_latest_by = "computed_at"

    def __str__(self):
        return f"{self.programme} : législation de {self.reference_month:%m/%Y}"


class PersonCosting(models.Model):
    """A person's direct effect on public finances, per item, in cents per month.

    `computed` holds, for each scenario ("before", "month_1", "month_4", "month_13"), OpenFisca's
    figure per item; `declared` what the household said it actually receives. The "before" used in
    the effect takes the declared amount where there is one.
    """

    run = models.ForeignKey(CostingRun, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="costings")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=CostingKind.choices)
    hired_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=2)
    computed = models.JSONField(default=dict)
    declared = models.JSONField(default=dict)
    # Spending avoided plus receipts gained at month 13, "before" as used: the headline figure.
    effect_cents = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="one_costing_per_run")]
        indexes = [models.Index(fields=["run", "territory", "kind"])]

    def __str__(self):
        return str(self.person.public_id)


class BudgetScenario(models.Model):
    """An employer's budget for a year under a set of assumptions; copied to compare alternatives."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="budget_scenarios")
    year = models.PositiveSmallIntegerField(_("année"))
    name = models.CharField(_("nom du scénario"), max_length=120)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="copies", verbose_name=_("copié de"))
    assumptions = models.JSONField(_("hypothèses"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "created_at"]
        constraints = [models.UniqueConstraint(fields=["employer", "year", "name"],
                                               name="budget_scenario_name_unique")]
        verbose_name = _("scénario de budget")

    def __str__(self):
        return f"{self.name} ({self.year})"
