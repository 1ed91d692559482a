"""Local establishments from the SIRENE register: the evidence for the non-competition check.

The register is public business data, so these rows carry no `visible_to(user)`: every query filters by
programme instead, the unit an import is made for.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobfactory.establishments.enums import ImportStatus, SireneFormat


class SireneImportQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class SireneImport(models.Model):
    """One load of the SIRENE establishment file for a programme, kept as the source of the evidence."""

    programme = models.ForeignKey("territories.Programme", on_delete=models.PROTECT,
                                  related_name="sirene_imports", verbose_name=_("programme"))
    source_name = models.CharField(_("fichier source"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=SireneFormat.choices)
    started_at = models.DateTimeField(_("début"))
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.RUNNING)
    rows_read = models.PositiveBigIntegerField(_("lignes lues"), default=0)
    rows_kept = models.PositiveIntegerField(_("établissements retenus"), default=0)
    rows_malformed = models.PositiveBigIntegerField(_("lignes invalides"), default=0)
    malformed_samples = models.JSONField(
        _("exemples de lignes invalides"), default=list, blank=True,
        help_text=_("Quelques lignes écartées : numéro de ligne (si connu), SIRET et motif."))
    error = models.TextField(_("erreur"), blank=True)
    is_current = models.BooleanField(_("import en vigueur"), default=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("importé par"))

    objects = SireneImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import SIRENE")
        verbose_name_plural = _("imports SIRENE")
        ordering = ["programme", "-started_at"]
        constraints = [
            # The live rows come from one import: the one the evidence pages cite.
            models.UniqueConstraint(fields=["programme"], condition=Q(is_current=True),
                                    name="one_current_sirene_import_per_programme"),
        ]

    def __str__(self):
        return f"{self.source_name} ({self.started_at:%Y-%m-%d})"


class EstablishmentBase(models.Model):
    """The fields both tables share. Micro: a headcount band below 10 employees (reader.py,
    MICRO_HEADCOUNT_BANDS: NN, 00, 01, 02, 03); an unknown band is not micro."""

    programme = models.ForeignKey("territories.Programme", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("programme"))
    siret = models.CharField(_("SIRET"), max_length=14)
    naf_rev2 = models.CharField(_("code NAF rév. 2"), max_length=6, blank=True)
    naf_2025 = models.CharField(_("code NAF 2025"), max_length=6, blank=True)
    commune_code = models.CharField(_("commune (code INSEE)"), max_length=5)
    is_active = models.BooleanField(_("actif"))
    is_micro = models.BooleanField(
        _("micro-établissement"),
        help_text=_("Moins de 10 salariés d'après la tranche d'effectif (NN, 00, 01, 02 ou 03) ; "
                    "une tranche inconnue ne compte pas comme micro."))
    address_is_public = models.BooleanField(
        _("adresse diffusible"),
        help_text=_("Faux pour les établissements en diffusion partielle (statut « P ») : ni nom ni "
                    "adresse ne sont conservés."))
    name = models.CharField(_("enseigne ou dénomination usuelle"), max_length=200, blank=True)
    street = models.CharField(_("voie"), max_length=300, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    created_on = models.DateField(_("date de création"), null=True, blank=True)
    headcount_band = models.CharField(_("tranche d'effectif"), max_length=2, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.siret} {self.naf_rev2}"


class Establishment(EstablishmentBase):
    """The live table: replaced whole, per programme, by each successful import."""

    sirene_import = models.ForeignKey(SireneImport, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("import"))

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["programme", "siret"]
        indexes = [
            models.Index(fields=["programme", "naf_rev2"], name="establishment_naf"),
            models.Index(fields=["programme", "commune_code"], name="establishment_commune"),
        ]
        constraints = [models.UniqueConstraint(fields=["programme", "siret"],
                                               name="establishment_unique_siret")]


class StagedEstablishment(EstablishmentBase):
    """The staging table an import fills before the swap; emptied when the import ends."""

    sirene_import = models.ForeignKey(SireneImport, on_delete=models.CASCADE, related_name="+",
                                      verbose_name=_("import"))

    class Meta:
        verbose_name = _("établissement en attente")
        verbose_name_plural = _("établissements en attente")
        indexes = [models.Index(fields=["sirene_import", "siret"], name="staged_establishment_siret")]
