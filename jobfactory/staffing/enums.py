from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractKind(models.TextChoices):
    CDI = "cdi", _("CDI")


class ExitReason(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Emploi dans une autre entreprise")
    TRAINING = "training", _("Formation")
    RETIREMENT = "retirement", _("Retraite")
    RESIGNATION = "resignation", _("Démission")
    MUTUAL_TERMINATION = "mutual_termination", _("Rupture conventionnelle")
    DISMISSAL = "dismissal", _("Licenciement")
    MEDICAL_UNFITNESS = "medical_unfitness", _("Licenciement pour inaptitude médicale")
    TRIAL_PERIOD = "trial_period", _("Fin de période d'essai")
    TRANSFER = "transfer", _("Transfert vers une autre EBE")
    DECEASED = "deceased", _("Décès")
    OTHER = "other", _("Autre")


class SkipReason(models.TextChoices):
    REFUSED = "refused", _("A refusé la proposition d'embauche")
    UNREACHABLE = "unreachable", _("Injoignable")
    NOT_AVAILABLE_YET = "not_available_yet", _("Pas disponible pour l'instant (santé, formation…)")
    OTHER = "other", _("Autre")


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    APPLIED = "applied", _("Appliqué")
    SUPERSEDED = "superseded", _("Remplacé")


class ShortfallReason(models.TextChoices):
    # The engine's codes (engines.planner.REASON_*), and the Django layer's own.
    PARTLY = "partly", _("Placé·e en partie : les activités à sa portée sont pleines")
    CAPACITY = "capacity", _("Activités à sa portée, toutes pleines")
    NO_CANDIDATE = "no_candidate", _("Aucune activité à sa portée (distance, jours ou employeur)")
    NO_POSITION = "no_position", _("Position du domicile non renseignée")
    MANUAL = "manual", _("Heures retirées à la main dans le plan")
