"""Tokens for machines: only the sha256 of the token is stored, the clear token is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A prefix makes a leaked token recognisable by secret scanners and in logs.
TOKEN_PREFIX = "jf_"  # noqa: S105 (a prefix, not a secret)


def hash_token(clear: str) -> str:
    """sha256, unsalted: the token is 256 random bits, so no dictionary or rainbow table applies,
    and a deterministic hash lets us look the token up by its hash (no timing leak on the secret)."""
    return hashlib.sha256(clear.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A machine's access: it acts with exactly its user's role and scope, until revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("utilisateur"))
    name = models.CharField(_("nom"), max_length=200,
                            help_text=_("Qui s'en sert et pourquoi, par exemple « tableau de bord "
                                        "de la métropole »."))
    key_hash = models.CharField(_("empreinte sha256 du jeton"), max_length=64, unique=True,
                                editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True,
                                        editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token; return it with the clear value, which is never stored nor shown again."""
        clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(clear)), clear

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
