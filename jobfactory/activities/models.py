import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.activities import scope
from jobfactory.activities.enums import (
    ActivityStatus,
    ChamberOpinion,
    Customer,
    MemberType,
    NeedProposer,
    ObjectionAnswer,
    Verdict,
)
from jobfactory.engines.week import WEEKDAYS
from jobfactory.referentials import naf, rome
from jobfactory.referentials.validators import validate_rome_code
from jobfactory.territories.models import Employer, Territory


class TerritoryScopedQuerySet(models.QuerySet):
    territory_path = "territory"

    def visible_to(self, user):
        if not scope.can_read_activities(user):
            return self.none()
        return self.filter(**{f"{self.territory_path}__in": Territory.objects.visible_to(user)})

    def editable_by(self, user):
        if not scope.can_edit_activities(user):
            return self.none()
        return self.visible_to(user)


class ActivityChildQuerySet(TerritoryScopedQuerySet):
    territory_path = "activity__territory"


class MeetingChildQuerySet(TerritoryScopedQuerySet):
    territory_path = "meeting__territory"


class LocalNeed(models.Model):
    """A need nobody meets locally, as someone proposed it: the start of every activity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="needs",
                                  verbose_name=_("territoire"))
    proposed_by = models.CharField(_("proposé par"), max_length=20, choices=NeedProposer.choices)
    proposer = models.CharField(
        _("qui précisément"), max_length=200, blank=True,
        help_text=_("Le nom d'une organisation ou d'un collectif, jamais celui d'une personne."))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("le besoin"))
    location = models.CharField(_("où"), max_length=300)
    beneficiaries = models.CharField(_("pour qui"), max_length=300)
    recorded_on = models.DateField(_("date de recueil"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin local")
        verbose_name_plural = _("besoins locaux")
        ordering = ["-recorded_on", "-created_at"]

    def __str__(self):
        return self.title


def validate_naf_codes(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Indiquez au moins un code NAF."))
    unknown = [code for code in value if code not in naf.nomenclature()]
    if unknown:
        raise ValidationError(_("Codes NAF rév. 2 inconnus : %(codes)s."),
                              params={"codes": ", ".join(map(str, unknown))})


def validate_customers(value):
    if not isinstance(value, list) or not value or any(c not in Customer.values for c in value):
        raise ValidationError(_("Choisissez au moins un type de client parmi la liste."))


class Activity(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("territoire"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="activities", verbose_name=_("EBE"))
    need = models.ForeignKey(LocalNeed, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="activities", verbose_name=_("besoin d'origine"))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    naf_codes = models.JSONField(_("codes NAF rév. 2"), default=list, validators=[validate_naf_codes])
    customers = models.JSONField(_("clients"), default=list, validators=[validate_customers])
    expected_revenue = models.DecimalField(
        _("chiffre d'affaires annuel attendu (€)"), max_digits=12, decimal_places=2,
        default=Decimal("0"), validators=[MinValueValidator(0)])
    expected_costs = models.DecimalField(
        _("charges annuelles attendues hors salaires (€)"), max_digits=12, decimal_places=2,
        default=Decimal("0"), validators=[MinValueValidator(0)])
    site = models.CharField(_("lieu"), max_length=300, blank=True)
    schedule = models.CharField(_("horaires"), max_length=300, blank=True)
    # Where the work happens: a public place, so kept as given (unlike a person's home).
    site_latitude = models.DecimalField(_("latitude du lieu"), max_digits=8, decimal_places=5,
                                        null=True, blank=True)
    site_longitude = models.DecimalField(_("longitude du lieu"), max_digits=8, decimal_places=5,
                                         null=True, blank=True)
    working_half_days = models.PositiveSmallIntegerField(
        _("demi-journées d'ouverture"), default=WEEKDAYS,
        help_text=_("Les demi-journées de la semaine où l'activité emploie des salariés."))
    status = models.CharField(_("état"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PROPOSED, editable=False)
    status_since = models.DateField(_("depuis le"), default=timezone.localdate, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(site_latitude__isnull=True, site_longitude__isnull=True)
                           | Q(site_latitude__isnull=False, site_longitude__isnull=False)),
                name="activity_site_both_coordinates"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity", args=[self.public_id])

    def naf_entries(self) -> list:
        return [naf.nomenclature()[code] for code in self.naf_codes if code in naf.nomenclature()]

    def customer_labels(self) -> list[str]:
        labels = dict(Customer.choices)
        return [str(labels[c]) for c in self.customers if c in labels]

    def weekly_hours(self) -> Decimal:
        return sum((need.hours_per_week for need in self.skill_needs.all()), Decimal("0"))


class SkillNeed(models.Model):
    """The hours of work a week the activity needs, by job (ROME 4.0 code)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="skill_needs")
    rome_code = models.CharField(_("métier (code ROME)"), max_length=5, validators=[validate_rome_code])
    hours_per_week = models.DecimalField(_("heures par semaine"), max_digits=6, decimal_places=2,
                                         validators=[MinValueValidator(Decimal("0.5"))])

    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin en heures")
        verbose_name_plural = _("besoins en heures")
        ordering = ["rome_code"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "rome_code"], name="one_need_per_job"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="skill_need_positive_hours"),
        ]

    def __str__(self):
        return f"{self.rome_code} : {self.hours_per_week} h"

    @property
    def job(self):
        return rome.lookup(self.rome_code)


class CommitteeMeeting(models.Model):
    """A meeting of the local committee (CLE) of a territory."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("territoire"))
    held_on = models.DateField(_("date de la séance"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    notes = models.TextField(_("relevé de séance"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance du comité local")
        verbose_name_plural = _("séances du comité local")
        ordering = ["-held_on"]

    def __str__(self):
        return f"CLE {self.territory} du {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    """Who sat at the meeting, by organisation: no person's name is kept."""

    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="attendance")
    member_type = models.CharField(_("collège"), max_length=30, choices=MemberType.choices)
    organisation = models.CharField(_("organisme"), max_length=200)
    present = models.PositiveSmallIntegerField(_("membres présents"), default=1,
                                               validators=[MinValueValidator(1)])

    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["member_type", "organisation"]

    def __str__(self):
        return f"{self.get_member_type_display()} : {self.organisation} ({self.present})"


class AgendaItem(models.Model):
    """An activity submitted to a meeting, and the committee's decision on it."""

    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    verdict = models.CharField(_("décision"), max_length=10, choices=Verdict.choices, blank=True)
    reasons = models.TextField(_("motifs"), blank=True)
    chamber_of_commerce_opinion = models.CharField(
        _("avis de la CCI"), max_length=15, choices=ChamberOpinion.choices,
        default=ChamberOpinion.NOT_CONSULTED)
    chamber_of_commerce_notes = models.TextField(_("avis de la CCI : précisions"), blank=True)
    chamber_of_trades_opinion = models.CharField(
        _("avis de la CMA"), max_length=15, choices=ChamberOpinion.choices,
        default=ChamberOpinion.NOT_CONSULTED)
    chamber_of_trades_notes = models.TextField(_("avis de la CMA : précisions"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("point à l'ordre du jour")
        verbose_name_plural = _("ordre du jour")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "activity"], name="activity_once_per_meeting"),
            models.CheckConstraint(condition=Q(verdict="") | ~Q(reasons=""),
                                   name="decision_has_reasons"),
        ]

    def __str__(self):
        return f"{self.meeting} : {self.activity}"


class StatusChange(models.Model):
    """The dated history of an activity's status."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActivityStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("commentaire"), blank=True)
    decision = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="status_changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["activity", "on", "recorded_at"]
        constraints = [
            # Approval and refusal are the committee's: the row must point to its decision.
            models.CheckConstraint(
                condition=~Q(to_status__in=[ActivityStatus.APPROVED, ActivityStatus.REFUSED])
                | Q(decision__isnull=False),
                name="approval_needs_committee_decision"),
        ]

    def __str__(self):
        return f"{self.activity} : {self.from_status or '-'} -> {self.to_status} ({self.on})"


class Objection(models.Model):
    """A business that feels competed with objects; the EBE adapts, drops or maintains the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="objections")
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="objections", verbose_name=_("séance"))
    raised_on = models.DateField(_("date de l'objection"), default=timezone.localdate)
    business = models.CharField(_("entreprise"), max_length=200)
    business_siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    grounds = models.TextField(_("objet de l'objection"))
    answer = models.CharField(_("réponse"), max_length=15, choices=ObjectionAnswer.choices,
                              default=ObjectionAnswer.PENDING)
    answer_reasons = models.TextField(_("motifs de la réponse"), blank=True)
    answered_on = models.DateField(_("date de la réponse"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-raised_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="maintained") | ~Q(answer_reasons=""),
                name="maintained_activity_has_reasons"),
        ]

    def __str__(self):
        return f"{self.business} : {self.activity}"
