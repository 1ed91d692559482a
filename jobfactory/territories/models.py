from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobfactory.territories.enums import EligibilityFamily, EmployerKind, Role


def _profile(user):
    return getattr(user, "profile", None) if user.is_authenticated else None


class AggregateScope(models.QuerySet):
    """Whole programmes or employers: the fund and administrators see all, a programme officer
    those of the programme, an employer manager (where the model says how) the employer's own."""

    programme_lookup = "programme_id"
    employer_lookup: str | None = None

    def visible_to(self, user):
        profile = _profile(user)
        if profile is None:
            return self.none()
        if profile.role in {Role.NATIONAL_FUND, Role.ADMINISTRATOR}:
            return self.all()
        if profile.role == Role.PROGRAMME_OFFICER:
            return self.filter(**{self.programme_lookup: profile.programme_id})
        if profile.role == Role.EMPLOYER_MANAGER and self.employer_lookup:
            return self.filter(**{self.employer_lookup: profile.employer_id})
        return self.none()


class ProgrammeQuerySet(AggregateScope):
    programme_lookup = "pk"


class Programme(models.Model):
    """A metropole (or any carrying authority) spreading the model over several territories."""

    name = models.CharField(_("nom"), max_length=200, unique=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def commune_codes(self) -> set[str]:
        """The INSEE codes of the territories' communes and of the communes around them."""
        own = self.territories.values_list("communes__insee_code", flat=True)
        around = self.territories.values_list("surrounding_communes__insee_code", flat=True)
        return {code for code in [*own, *around] if code}


class TerritoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        profile = _profile(user)
        if profile is None:
            return self.none()
        role = profile.role
        if role in {Role.NATIONAL_FUND, Role.ADMINISTRATOR}:
            return self.all()
        if role == Role.PROGRAMME_OFFICER:
            return self.filter(programme_id=profile.programme_id)
        if role == Role.EMPLOYER_MANAGER:
            return self.filter(employers=profile.employer_id)
        return self.filter(pk__in=profile.territories.values("pk"))


class Territory(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="territories",
                                  verbose_name=_("programme"))
    name = models.CharField(_("nom"), max_length=200)
    communes = models.ManyToManyField(
        "referentials.Commune", blank=True, related_name="territories", verbose_name=_("communes"),
        help_text=_("Les communes où se trouve le territoire."))
    surrounding_communes = models.ManyToManyField(
        "referentials.Commune", blank=True, related_name="surrounded_territories",
        verbose_name=_("communes alentour"),
        help_text=_("Communes voisines où chercher les entreprises qui font déjà la même chose."))
    inhabitants = models.PositiveIntegerField(_("habitants"), null=True, blank=True)
    estimated_ppde = models.PositiveIntegerField(
        _("estimation du nombre de PPDE"), null=True, blank=True,
        help_text=_("Personnes privées durablement d'emploi estimées sur le territoire."))
    estimated_ppde_source = models.CharField(_("source de l'estimation"), max_length=300, blank=True)
    exhaustivity_target_on = models.DateField(_("date visée pour l'exhaustivité"), null=True, blank=True)
    exhaustivity_target_source = models.CharField(_("source de la date visée"), max_length=300,
                                                  blank=True)
    eligibility_family = models.CharField(_("règles d'éligibilité"), max_length=40,
                                          choices=EligibilityFamily.choices,
                                          default=EligibilityFamily.FRANCE)
    authorised_on = models.DateField(_("date d'habilitation"), null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["programme__name", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"],
                                               name="territory_unique_name")]

    def __str__(self):
        return self.name


class EmployerQuerySet(AggregateScope):
    employer_lookup = "pk"


class Employer(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="employers",
                                  verbose_name=_("programme"))
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=EmployerKind.choices,
                            default=EmployerKind.EBE)
    territories = models.ManyToManyField(Territory, related_name="employers",
                                         verbose_name=_("territoires servis"))
    created_on = models.DateField(_("date de création"), null=True, blank=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employeur")
        verbose_name_plural = _("employeurs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FundingAgreement(models.Model):
    """The employer's yearly agreement with the national fund: the FTE it may fund."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="agreements",
                                 verbose_name=_("employeur"))
    year = models.PositiveSmallIntegerField(_("année"))
    funded_fte = models.DecimalField(_("ETP conventionnés"), max_digits=8, decimal_places=2)
    reference = models.CharField(_("référence de la convention"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("convention annuelle")
        verbose_name_plural = _("conventions annuelles")
        ordering = ["employer", "-year"]
        constraints = [models.UniqueConstraint(fields=["employer", "year"],
                                               name="one_agreement_per_year")]

    def __str__(self):
        return f"{self.employer} {self.year} : {self.funded_fte} ETP"


class Profile(models.Model):
    """A user's role and scope (DESIGN.md's table), set by an administrator in the admin."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True,
                                  verbose_name=_("programme"))
    territories = models.ManyToManyField(Territory, blank=True, verbose_name=_("territoires"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True,
                                 verbose_name=_("employeur"))

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="programme_officer") | Q(programme__isnull=False),
                name="programme_officer_has_programme"),
            models.CheckConstraint(
                condition=~Q(role="employer_manager") | Q(employer__isnull=False),
                name="employer_manager_has_employer"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
