from django.db import models
from django.utils.translation import gettext_lazy as _


class CostingKind(models.TextChoices):
    HIRED = "hired", _("salarié·e")
    WAITING = "waiting", _("liste d'attente (si embauché·e)")


class IndirectCost(models.TextChoices):
    EMPLOYMENT_SERVICES = "employment_services", _(
        "Accompagnement vers l'emploi (service public de l'emploi)")
    SOCIAL_CONSEQUENCES = "social_consequences", _(
        "Conséquences sociales : logement, santé, sécurité, protection de l'enfance")
