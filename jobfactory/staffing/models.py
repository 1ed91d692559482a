import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.contracts import ContractTerms, HoursChange
from jobfactory.people.models import Person
from jobfactory.staffing.enums import ContractKind, ExitReason, SkipReason
from jobfactory.territories.models import Employer, Territory

HOURS_VALIDATORS = [MinValueValidator(1), MaxValueValidator(35)]


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))

    def active_on(self, on):
        return self.filter(start_on__lte=on).filter(
            models.Q(end_on__isnull=True) | models.Q(end_on__gte=on))


class Contract(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contracts",
                               verbose_name=_("salarié·e"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name=_("employeur"))
    kind = models.CharField(_("type de contrat"), max_length=10, choices=ContractKind.choices,
                            default=ContractKind.CDI)
    start_on = models.DateField(_("date d'embauche"))
    weekly_hours = models.DecimalField(_("heures hebdomadaires à l'embauche"), max_digits=4,
                                       decimal_places=2, validators=HOURS_VALIDATORS)
    written_request_on = models.DateField(
        _("demande écrite du salarié (moins de 24 h) datée du"), null=True, blank=True)
    over_agreement_reason = models.TextField(
        _("motif du dépassement de la convention"), blank=True)
    end_on = models.DateField(_("dernier jour du contrat"), null=True, blank=True)
    exit_reason = models.CharField(_("motif de sortie"), max_length=30,
                                   choices=ExitReason.choices, blank=True)
    exit_note = models.TextField(_("précisions sur la sortie"), blank=True)
    hired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="contract_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.public_id}"

    def terms(self, amendments=None) -> ContractTerms:
        amendments = self.amendments.all() if amendments is None else amendments
        return ContractTerms(
            start_on=self.start_on, end_on=self.end_on, weekly_hours=self.weekly_hours,
            changes=tuple(HoursChange(a.effective_on, a.weekly_hours) for a in amendments),
        )


class Amendment(models.Model):
    """An amendment to the working time, from a date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="amendments")
    effective_on = models.DateField(_("à compter du"))
    weekly_hours = models.DecimalField(_("nouvelles heures hebdomadaires"), max_digits=4,
                                       decimal_places=2, validators=HOURS_VALIDATORS)
    written_request_on = models.DateField(
        _("demande écrite du salarié (moins de 24 h) datée du"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["effective_on", "recorded_at"]

    def __str__(self):
        return f"{self.effective_on} {self.weekly_hours} h"


class Skip(models.Model):
    """A volunteer passed over on the waiting list, with the written reason the law of the
    model demands (hiring is without selection). Consumed by the hire that passed them over."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skips")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    skipped_on = models.DateField(_("date"))
    reason = models.CharField(_("motif"), max_length=30, choices=SkipReason.choices)
    note = models.TextField(_("explication écrite"))
    hire = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="skips", verbose_name=_("embauche concernée"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("volontaire passé·e")
        verbose_name_plural = _("volontaires passé·e·s")
        ordering = ["-skipped_on", "-recorded_at"]

    def __str__(self):
        return f"{self.skipped_on} {self.reason}"
