from django.db import models
from django.utils.translation import gettext_lazy as _

from jobfactory.engines import activity_pipeline as pipeline


class ActivityStatus(models.TextChoices):
    PROPOSED = pipeline.PROPOSED, _("Proposée")
    UNDER_STUDY = pipeline.UNDER_STUDY, _("À l'étude")
    SUBMITTED = pipeline.SUBMITTED, _("Soumise au comité")
    APPROVED = pipeline.APPROVED, _("Validée par le comité")
    REFUSED = pipeline.REFUSED, _("Refusée par le comité")
    RUNNING = pipeline.RUNNING, _("En activité")
    SUSPENDED = pipeline.SUSPENDED, _("Suspendue")
    CLOSED = pipeline.CLOSED, _("Arrêtée")


class NeedProposer(models.TextChoices):
    RESIDENTS = "residents", _("Habitants")
    ASSOCIATION = "association", _("Association")
    MUNICIPALITY = "municipality", _("Commune")
    BUSINESS = "business", _("Entreprise")
    EBE_EMPLOYEES = "ebe_employees", _("Salariés de l'EBE")


class Customer(models.TextChoices):
    RESIDENTS = "residents", _("Habitants")
    MUNICIPALITY = "municipality", _("Commune et collectivités")
    BUSINESSES = "businesses", _("Entreprises")
    ASSOCIATIONS = "associations", _("Associations")


class Verdict(models.TextChoices):
    APPROVED = "approved", _("Validée")
    REFUSED = "refused", _("Refusée")
    DEFERRED = "deferred", _("Ajournée")


class ChamberOpinion(models.TextChoices):
    NOT_CONSULTED = "not_consulted", _("Non consultée")
    FAVOURABLE = "favourable", _("Avis favorable")
    RESERVED = "reserved", _("Avis réservé")
    UNFAVOURABLE = "unfavourable", _("Avis défavorable")


class ObjectionAnswer(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ADAPTED = "adapted", _("Activité adaptée")
    DROPPED = "dropped", _("Activité abandonnée")
    MAINTAINED = "maintained", _("Activité maintenue")


class MemberType(models.TextChoices):
    """The CLE's members as DOMAIN.md lists them (law 2020-1577, decree 2021-863)."""

    DEPARTMENT = "department", _("Conseil départemental")
    CARRYING_AUTHORITY = "carrying_authority", _("Collectivité porteuse")
    OTHER_LOCAL_AUTHORITY = "other_local_authority", _("Autre collectivité locale")
    PREFECT = "prefect", _("Préfecture (État)")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    EBE_MANAGEMENT = "ebe_management", _("Direction de l'EBE")
    EBE_EMPLOYEES = "ebe_employees", _("Représentants des salariés de l'EBE")
    ECONOMIC_ACTOR = "economic_actor", _("Acteur économique local")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chambre de commerce et d'industrie")
    CHAMBER_OF_TRADES = "chamber_of_trades", _("Chambre de métiers et de l'artisanat")
    PPDE_REPRESENTATIVE = "ppde_representative", _("Représentant des personnes privées d'emploi")
    NATIONAL_FUND = "national_fund", _("Fonds national ETCLD")
    OTHER = "other", _("Autre")
