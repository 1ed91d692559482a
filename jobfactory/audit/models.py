from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Consultation du dossier")
    CREATE = "create", _("Inscription")
    UPDATE = "update", _("Modification")
    IMPORT = "import", _("Import")
    INTERVIEW = "interview", _("Entretien d'éligibilité")
    DECISION = "decision", _("Décision du comité")
    WITHDRAW = "withdraw", _("Retrait de la liste")
    SKIP = "skip", _("Passé·e sur la liste d'attente")
    HIRE = "hire", _("Embauche")
    AMEND = "amend", _("Avenant")
    END_CONTRACT = "end_contract", _("Fin de contrat")
    ADMIN_VIEW = "admin_view", _("Consultation dans l'administration")
    EXPORT = "export", _("Export de liste")
    SUBJECT_EXPORT = "subject_export", _("Export de toutes les données de la personne")
    ERASURE = "erasure", _("Effacement à la demande de la personne")
    RETENTION_NOTICE = "retention_notice", _("Avis de fin de conservation")
    ANONYMISE = "anonymise", _("Anonymisation (fin de conservation)")


class AccessLog(models.Model):
    """Who read or changed which person's file, and when. Written, never edited.

    The person is referred to by opaque id only, and survives the person's anonymisation.
    """

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("utilisateur"))
    username = models.CharField(_("identifiant"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    person_public_id = models.UUIDField(_("personne (identifiant opaque)"), null=True,
                                        db_index=True)
    detail = models.CharField(_("détail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("the access log is append-only")
