from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICER = "programme_officer", _("Chargé·e de programme (métropole)")
    TERRITORY_TEAM = "territory_team", _("Équipe projet du territoire")
    EMPLOYER_MANAGER = "employer_manager", _("Direction de l'EBE")
    COMMITTEE_MEMBER = "committee_member", _("Membre du comité local (CLE)")
    NATIONAL_FUND = "national_fund", _("Fonds national ETCLD")
    ADMINISTRATOR = "administrator", _("Administration")


# Roles that open personal files in their scope; the others see aggregates only.
PERSONAL_FILE_ROLES = frozenset({Role.TERRITORY_TEAM, Role.EMPLOYER_MANAGER})
# Roles that hire and manage contracts.
HIRING_ROLES = frozenset({Role.EMPLOYER_MANAGER, Role.TERRITORY_TEAM})


class EmployerKind(models.TextChoices):
    EBE = "ebe", _("Entreprise à but d'emploi (EBE)")


class EligibilityFamily(models.TextChoices):
    FRANCE = "fr-tzcld", _("France : territoires zéro chômeur de longue durée")
    MARIENTHAL = "at-marienthal", _("Autriche : garantie d'emploi de Marienthal")
