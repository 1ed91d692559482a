import re
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.engines import eligibility as engine
from jobfactory.engines.costing import DECLARABLE
from jobfactory.engines.week import WEEKDAYS
from jobfactory.people.enums import (
    DEFAULT_REACH_KM,
    MAX_CHILDREN,
    RENT_STATUSES,
    TENANT_STATUSES,
    DecisionOutcome,
    DeprivationKind,
    Disability,
    EngineOutcome,
    HousingStatus,
    PersonStatus,
    QualificationLevel,
    Sex,
    TravelMode,
)
from jobfactory.referentials.validators import validate_rome_codes
from jobfactory.territories.enums import EligibilityFamily
from jobfactory.territories.models import Territory
from jobfactory.territories.scope import opens_personal_files


class EligibilityRuleSet(models.Model):
    """A version of a programme's eligibility rules, valid over a period: data, not code."""

    family = models.CharField(_("famille"), max_length=40, choices=EligibilityFamily.choices)
    name = models.CharField(_("nom"), max_length=200)
    version = models.CharField(_("version"), max_length=40)
    valid_from = models.DateField(_("en vigueur du"))
    valid_until = models.DateField(_("jusqu'au (inclus)"), null=True, blank=True,
                                   help_text=_("Vide : sans date de fin connue."))
    successor = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="predecessors", verbose_name=_("successeur"))
    source = models.CharField(_("source"), max_length=500)
    rules = models.JSONField(_("règles"), help_text=_(
        'Liste de règles, par exemple [{"code": "residence", "min_months": 6}]. Codes connus : '
        "volunteer, residence, deprivation, job_search."))

    class Meta:
        verbose_name = _("jeu de règles d'éligibilité")
        verbose_name_plural = _("jeux de règles d'éligibilité")
        ordering = ["family", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["family", "version"],
                                               name="rule_set_unique_version")]

    def __str__(self):
        return f"{self.name} ({self.version})"

    def clean(self):
        try:
            engine.parse_rules(self.rules)
        except engine.RuleSetError as error:
            raise ValidationError({"rules": str(error)}) from error
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("La fin précède le début.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Un jeu de règles ne peut se succéder à lui-même.")})
        others = [r.to_engine() for r in
                  EligibilityRuleSet.objects.filter(family=self.family).exclude(pk=self.pk)]
        if engine.overlapping([*others, self.to_engine(parse=False)]):
            raise ValidationError(_("Cette période chevauche celle d'un autre jeu de règles de la "
                                    "même famille : ajustez les dates de début et de fin."))

    def to_engine(self, parse: bool = True) -> engine.RuleSet:
        return engine.RuleSet(
            family=self.family, name=self.name, version=self.version,
            valid_from=self.valid_from, valid_until=self.valid_until, source=self.source,
            rules=engine.parse_rules(self.rules) if parse else (),
        )


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not opens_personal_files(user):
            return self.none()
        return self.filter(territory__in=Territory.objects.visible_to(user))

    def waiting_list(self, territory):
        """Eligible volunteers not hired yet, in the order the committee recognised them."""
        return self.filter(territory=territory, status=PersonStatus.WAITING).order_by(
            "eligible_since", "registered_at", "pk")


class Person(models.Model):
    # Opaque id for URLs and logs: never a name, never the database key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="people",
                                  verbose_name=_("territoire"))

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=300)
    postcode = models.CharField(_("code postal"), max_length=5)
    commune = models.CharField(_("commune"), max_length=100)
    in_qpv = models.BooleanField(_("quartier prioritaire (QPV)"), default=False)

    lives_in_territory = models.BooleanField(_("réside sur le territoire"), default=True)
    arrived_in_territory_on = models.DateField(_("arrivée sur le territoire le"))
    without_employment_since = models.DateField(_("privé·e d'emploi depuis le"))
    deprivation_kind = models.CharField(_("type de privation d'emploi"), max_length=12,
                                        choices=DeprivationKind.choices,
                                        default=DeprivationKind.TOTAL)
    registered_unemployed_since = models.DateField(
        _("inscrit·e comme demandeur d'emploi depuis le"), null=True, blank=True)
    qualification_level = models.PositiveSmallIntegerField(
        _("niveau de qualification"), choices=QualificationLevel.choices, null=True, blank=True)
    rqth = models.BooleanField(_("reconnaissance de travailleur handicapé (RQTH), déclarée"),
                               default=False)
    right_to_work = models.BooleanField(_("autorisé·e à travailler en France"), default=True)

    skills = models.TextField(_("compétences"), blank=True)
    skill_codes = models.JSONField(
        _("métiers exercés (codes ROME)"), default=list, blank=True, validators=[validate_rome_codes],
        help_text=_("Le premier est le métier principal."))
    projects = models.TextField(_("projets"), blank=True)
    wishes = models.TextField(_("souhaits d'activité"), blank=True)
    wished_codes = models.JSONField(_("métiers souhaités (codes ROME)"), default=list, blank=True,
                                    validators=[validate_rome_codes])
    chosen_hours = models.DecimalField(
        _("heures hebdomadaires choisies"), max_digits=4, decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(35)])
    mobility_constraints = models.TextField(_("contraintes de mobilité"), blank=True)
    # Rounded to 0.001 degree (about 100 m): enough to plan travel, not enough to find a door.
    home_latitude = models.DecimalField(_("latitude approximative du domicile"), max_digits=6,
                                        decimal_places=3, null=True, blank=True)
    home_longitude = models.DecimalField(_("longitude approximative du domicile"), max_digits=6,
                                         decimal_places=3, null=True, blank=True)
    travel_mode = models.CharField(_("se déplace"), max_length=20, choices=TravelMode.choices,
                                   default=TravelMode.PUBLIC_TRANSPORT)
    travel_reach_km = models.DecimalField(
        _("distance acceptée (km à vol d'oiseau)"), max_digits=4, decimal_places=1, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(100)],
        help_text=_("Vide : la distance habituelle du mode de déplacement (hypothèse modifiable)."))
    available_half_days = models.PositiveSmallIntegerField(
        _("demi-journées disponibles"), default=WEEKDAYS)
    childcare_constraints = models.TextField(_("contraintes de garde d'enfants"), blank=True)

    # Health: only with the person's explicit, dated consent (a special category of data).
    health_notes = models.TextField(_("limitations de santé"), blank=True)
    health_consent_on = models.DateField(_("consentement explicite recueilli le"), null=True,
                                         blank=True)
    information_notice_on = models.DateField(_("notice d'information remise le"))

    registered_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    status = models.CharField(_("situation"), max_length=20, choices=PersonStatus.choices,
                              default=PersonStatus.REGISTERED, db_index=True)
    # The committee's recognition date: the waiting list's order. Kept by the services.
    eligible_since = models.DateField(_("éligibilité reconnue le"), null=True, blank=True)
    withdrawn_on = models.DateField(_("retiré·e de la liste le"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("motif du retrait"), max_length=300, blank=True)
    # Privacy (jobfactory/privacy): identity and notes emptied, for good, on these dates.
    anonymised_on = models.DateField(_("anonymisé·e le"), null=True, blank=True)
    erased_on = models.DateField(_("effacement à sa demande le"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("volontaire")
        verbose_name_plural = _("volontaires")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["territory", "status", "eligible_since"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(health_notes="") | models.Q(health_consent_on__isnull=False),
                name="health_notes_need_consent"),
            models.CheckConstraint(
                condition=(models.Q(home_latitude__isnull=True, home_longitude__isnull=True)
                           | models.Q(home_latitude__isnull=False, home_longitude__isnull=False)),
                name="person_home_both_coordinates"),
        ]

    def __str__(self):
        # Never used in logs: the access log stores public_id.
        if self.anonymised_on:
            return str(_("Personne anonymisée"))
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.health_notes and not self.health_consent_on:
            raise ValidationError({"health_consent_on": _(
                "Les limitations de santé ne sont enregistrées qu'avec le consentement explicite "
                "de la personne : indiquez sa date.")})

    def reach_km(self) -> Decimal:
        if self.travel_reach_km is not None:
            return self.travel_reach_km
        return Decimal(DEFAULT_REACH_KM[self.travel_mode])

    def applicant(self, review: "EligibilityReview") -> engine.Applicant:
        return engine.Applicant(
            is_volunteer=review.is_volunteer,
            lives_in_territory=self.lives_in_territory,
            arrived_in_territory_on=self.arrived_in_territory_on,
            without_employment_since=self.without_employment_since,
            deprivation_kind=engine.DeprivationKind(self.deprivation_kind),
            job_search_steps=review.job_search_steps,
            registered_unemployed_since=self.registered_unemployed_since,
        )


class EligibilityReview(models.Model):
    """The eligibility interview and what the rule set in force said of it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reviews")
    interviewed_on = models.DateField(_("date de l'entretien"))
    is_volunteer = models.BooleanField(_("se porte volontaire"))
    job_search_steps = models.BooleanField(
        _("a fait des démarches de recherche d'emploi"),
        help_text=_("Les attestations France Travail ou CAF appuient l'entretien ; elles ne sont "
                    "pas une condition."))
    notes = models.TextField(_("observations"), blank=True)
    rule_set = models.ForeignKey(EligibilityRuleSet, on_delete=models.PROTECT,
                                 verbose_name=_("jeu de règles"))
    rule_set_label = models.CharField(max_length=300)
    # The source as it read on the day: an administrator's later edit must not rewrite history.
    rule_set_source = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(_("avis des règles"), max_length=20, choices=EngineOutcome.choices)
    reasons = models.JSONField(default=list)
    facts = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entretien d'éligibilité")
        verbose_name_plural = _("entretiens d'éligibilité")
        ordering = ["-interviewed_on", "-recorded_at"]

    def __str__(self):
        return f"{self.interviewed_on} {self.outcome}"


class CommitteeDecision(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("date de la décision du comité"))
    outcome = models.CharField(_("décision"), max_length=20, choices=DecisionOutcome.choices)
    reason = models.TextField(_("motifs"), blank=True)
    review = models.ForeignKey(EligibilityReview, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="decisions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("décision du comité")
        verbose_name_plural = _("décisions du comité")
        ordering = ["-decided_on", "-recorded_at"]

    def __str__(self):
        return f"{self.decided_on} {self.outcome}"


# --------------------------------------------------------------------------- household (issue 5)

INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
NOT_NEGATIVE = MinValueValidator(0, message=_("Un montant ne peut pas être négatif."))


def validate_insee_code(value: str) -> None:
    if not INSEE_CODE.match(value or ""):
        raise ValidationError(_("« %(value)s » n'est pas un code commune INSEE : 5 caractères, "
                                "comme 59360 pour Loos (ce n'est pas le code postal)."),
                              params={"value": value})


def validate_children_birth_dates(value) -> None:
    """A JSON list of ISO dates, in the past, at most MAX_CHILDREN."""
    if not isinstance(value, list):
        raise ValidationError(_("Les dates de naissance des enfants forment une liste."))
    if len(value) > MAX_CHILDREN:
        raise ValidationError(_("Au plus %(max)s enfants à charge (%(count)s indiqués)."),
                              params={"max": MAX_CHILDREN, "count": len(value)})
    today = timezone.localdate()
    for item in value:
        try:
            day = date.fromisoformat(item) if isinstance(item, str) else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("« %(value)s » n'est pas une date de naissance (AAAA-MM-JJ)."),
                                  params={"value": item})
        if day > today:
            raise ValidationError(_("La date de naissance d'un enfant (%(date)s) est dans le "
                                    "futur."), params={"date": day.strftime("%d/%m/%Y")})


def validate_declared(value) -> None:
    """{item key: cents}: the benefits the person says they receive; a missing key: not declared."""
    if not isinstance(value, dict):
        raise ValidationError(_("Les montants déclarés forment un dictionnaire."))
    unknown = sorted(set(value) - set(DECLARABLE))
    if unknown:
        raise ValidationError(_("Prestations inconnues : %(keys)s (connues : %(known)s)."),
                              params={"keys": ", ".join(unknown), "known": ", ".join(DECLARABLE)})
    for key, cents in value.items():
        if isinstance(cents, bool) or not isinstance(cents, int):
            raise ValidationError(_("Le montant déclaré pour %(key)s doit être un nombre entier "
                                    "de centimes."), params={"key": key})
        if cents < 0:
            raise ValidationError(_("Un montant ne peut pas être négatif."))


def _money(label, help_text=""):
    return models.DecimalField(label, max_digits=8, decimal_places=2, default=Decimal(0),
                               blank=True, validators=[NOT_NEGATIVE], help_text=help_text)


class HouseholdSituation(models.Model):
    """The minimal household around a person, as the costing engine needs it: who lives with them,
    their housing, the benefits they receive or may claim, and what they say they receive.

    Amounts are euros per month; `declared_cents` holds the declared ones in cents, by the costing
    engine's item key, and leaves out what the person did not declare (a declared 0 is kept).
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="household",
                                  verbose_name=_("volontaire"))
    has_partner = models.BooleanField(_("vit en couple"), default=False)
    partner_birth_date = models.DateField(_("date de naissance du conjoint"), null=True,
                                          blank=True)
    partner_monthly_gross = _money(_("salaire brut mensuel du conjoint (€)"),
                                   _("0 si le conjoint ne travaille pas."))
    children_birth_dates = models.JSONField(
        _("dates de naissance des enfants à charge"), default=list, blank=True,
        validators=[validate_children_birth_dates])
    housing = models.CharField(_("logement"), max_length=20, choices=HousingStatus.choices)
    monthly_rent = _money(_("loyer mensuel hors charges (€)"),
                          _("Obligatoire pour un locataire. Pour un accédant à la propriété : la "
                            "mensualité d'emprunt."))
    commune_code = models.CharField(
        _("commune du logement (code INSEE)"), max_length=5, validators=[validate_insee_code],
        help_text=_("Le code INSEE de la commune, pas le code postal : Loos 59360, "
                    "Tourcoing 59599."))
    disability = models.CharField(_("handicap (AAH)"), max_length=8, choices=Disability.choices,
                                  default=Disability.NONE)
    ass_eligible = models.BooleanField(
        _("perçoit l'allocation de solidarité spécifique (ASS) ou y a droit"), default=False)
    are_monthly_gross = _money(_("allocation chômage (ARE) brute mensuelle (€)"),
                               _("0 si la personne n'est pas indemnisée par l'assurance chômage."))
    declared_cents = models.JSONField(_("prestations perçues déclarées (centimes par mois)"),
                                      default=dict, blank=True, validators=[validate_declared])
    updated_on = models.DateField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("situation du foyer")
        verbose_name_plural = _("situations du foyer")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(has_partner=True, partner_birth_date__isnull=False)
                           | models.Q(has_partner=False, partner_birth_date__isnull=True)),
                name="household_partner_birth_iff_partner",
                violation_error_message=_("La date de naissance du conjoint est indiquée si, et "
                                          "seulement si, la personne vit en couple.")),
            models.CheckConstraint(
                condition=(models.Q(partner_monthly_gross__gte=0) & models.Q(monthly_rent__gte=0)
                           & models.Q(are_monthly_gross__gte=0)),
                name="household_amounts_not_negative",
                violation_error_message=_("Un montant ne peut pas être négatif.")),
            models.CheckConstraint(
                condition=(~models.Q(housing__in=sorted(TENANT_STATUSES))
                           | models.Q(monthly_rent__gt=0)),
                name="household_tenant_pays_rent",
                violation_error_message=_("Le loyer est obligatoire pour un locataire.")),
        ]

    def __str__(self):
        # Never a name: the person is referred to by opaque id.
        return f"Foyer {self.person.public_id}"

    @property
    def children_count(self) -> int:
        return len(self.children_birth_dates or [])

    def clean(self):
        for name in ("partner_monthly_gross", "monthly_rent", "are_monthly_gross"):
            if getattr(self, name) is None:
                setattr(self, name, Decimal(0))
        if isinstance(self.children_birth_dates, list):
            self.children_birth_dates = sorted(str(d) for d in self.children_birth_dates)
        errors = {}
        today = timezone.localdate()
        if self.has_partner and not self.partner_birth_date:
            errors["partner_birth_date"] = _("Indiquez la date de naissance du conjoint.")
        elif not self.has_partner and self.partner_birth_date:
            errors["partner_birth_date"] = _(
                "Une date de naissance de conjoint sans conjoint : cochez « vit en couple » ou "
                "videz la date.")
        elif self.partner_birth_date and self.partner_birth_date > today:
            errors["partner_birth_date"] = _("La date de naissance du conjoint est dans le futur.")
        if not self.has_partner and self.partner_monthly_gross:
            errors["partner_monthly_gross"] = _(
                "Un salaire de conjoint sans conjoint : cochez « vit en couple » ou indiquez 0.")
        if self.housing in TENANT_STATUSES and not self.monthly_rent:
            errors["monthly_rent"] = _(
                "Le loyer est obligatoire pour un locataire : indiquez le loyer mensuel hors "
                "charges.")
        elif (self.housing in HousingStatus.values and self.housing not in RENT_STATUSES
              and self.monthly_rent):
            errors["monthly_rent"] = _(
                "Pas de loyer pour ce logement (%(housing)s) : indiquez 0, ou choisissez un statut "
                "de locataire.") % {"housing": HousingStatus(self.housing).label.lower()}
        if errors:
            raise ValidationError(errors)

    def declared_euros(self) -> dict[str, Decimal]:
        return {key: (Decimal(cents) / 100).quantize(Decimal("0.01"))
                for key, cents in (self.declared_cents or {}).items()}
