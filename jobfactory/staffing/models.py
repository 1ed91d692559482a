import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.contracts import ContractTerms, HoursChange
from jobfactory.people.models import Person
from jobfactory.staffing.enums import ContractKind, ExitReason, PlanStatus, SkipReason
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, Territory
from jobfactory.territories.scope import role_of

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


# The planner (issue 4). Hours of plans and assignments are counted in half-hour units a week,
# as the engine counts them (engines.planner.UNITS_PER_HOUR), so that plans stay exact integers.


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(contract__in=Contract.objects.visible_to(user))

    def current_on(self, on):
        return self.filter(start_on__lte=on).filter(models.Q(end_on__isnull=True) | models.Q(end_on__gte=on))


class Assignment(models.Model):
    """Who works on which job of which activity, for how many hours a week, from when to when."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("contrat"))
    activity = models.ForeignKey("activities.Activity", on_delete=models.PROTECT,
                                 related_name="assignments", verbose_name=_("activité"))
    rome_code = models.CharField(_("métier (code ROME)"), max_length=5)
    units = models.PositiveSmallIntegerField(_("demi-heures par semaine"))
    start_on = models.DateField(_("depuis le"))
    end_on = models.DateField(_("jusqu'au (inclus)"), null=True, blank=True)
    plan = models.ForeignKey("StaffingPlan", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="assignments", verbose_name=_("plan appliqué"))

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["-start_on"]
        indexes = [models.Index(fields=["contract", "end_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(units__gt=0), name="assignment_positive_units"),
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="assignment_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.activity_id} {self.rome_code} {self.units}"


class StaffingPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Plans are the employer's: its managers see them, nobody else in the site.
        if role_of(user) != Role.EMPLOYER_MANAGER:
            return self.none()
        return self.filter(employer_id=user.profile.employer_id)


class StaffingPlan(models.Model):
    """One run of the planner over a scope (an employer, one of its territories, or a programme
    from the command line), the proposal it made, and whether it was applied."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("territories.Programme", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("programme"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="plans", verbose_name=_("employeur"))
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="plans", verbose_name=_("territoire"))
    status = models.CharField(_("état"), max_length=12, choices=PlanStatus.choices,
                              default=PlanStatus.PROPOSED)
    computed_on = models.DateField(_("situation du"))
    # What the plan was computed from: applying it over changed assignments would undo them.
    base_fingerprint = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    applied_on = models.DateField(_("appliqué à compter du"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    # The engine's figures at computation (edits change lines, not these).
    summary = models.JSONField(default=dict)
    # People left over grouped by skills and wishes, with the activity types that would employ them.
    leftover_groups = models.JSONField(default=list)

    objects = StaffingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'affectation")
        verbose_name_plural = _("plans d'affectation")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d %H:%M}"


class PlanPost(models.Model):
    """A job of an activity in the plan: its need and how the plan fills it."""

    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="posts")
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+")
    rome_code = models.CharField(max_length=5)
    need_units = models.PositiveIntegerField()
    filled_units = models.PositiveIntegerField()  # by people under contract, as computed
    sizing_units = models.PositiveIntegerField()  # by people on the waiting list, once hired

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "activity", "rome_code"],
                                               name="plan_post_unique")]

    def __str__(self):
        return f"{self.activity_id} {self.rome_code} {self.need_units}"


class PlanLine(models.Model):
    """One proposed assignment. ``contract`` is empty for the waiting list: such lines only size
    what hiring will need, and applying the plan ignores them."""

    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+")
    rome_code = models.CharField(max_length=5)
    units = models.PositiveSmallIntegerField()
    kept_units = models.PositiveSmallIntegerField(default=0)
    km = models.FloatField()
    skill_match = models.BooleanField()
    wish_match = models.BooleanField()
    waiting_rank = models.PositiveIntegerField(null=True, blank=True)
    edited = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["plan", "person"]), models.Index(fields=["plan", "activity"])]
        constraints = [models.CheckConstraint(condition=models.Q(units__gt=0),
                                              name="plan_line_positive_units")]

    def __str__(self):
        return f"{self.activity_id} {self.rome_code} {self.units}"


class PlanShortfall(models.Model):
    """A person the plan does not give all their chosen hours, and why."""

    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="shortfalls")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    chosen_units = models.PositiveSmallIntegerField()
    unplaced_units = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=20)
    waiting_rank = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self):
        return f"{self.reason} {self.unplaced_units}"
