from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Courriel envoyé")
    LETTER = "letter", _("Courrier à envoyer par l'équipe")


class RetentionNoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from jobfactory.people.models import Person

        return self.filter(person__in=Person.objects.visible_to(user))

    def letters_to_post(self):
        return self.filter(channel=Channel.LETTER, posted_on__isnull=True,
                           person__anonymised_on__isnull=True)


class RetentionNotice(models.Model):
    """The person was told that their file reached the end of its retention period and will be
    anonymised after the grace period unless something new happens (apply_retention)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="retention_notices", verbose_name=_("volontaire"))
    issued_on = models.DateField(_("avis émis le"), db_index=True)
    channel = models.CharField(_("moyen"), max_length=10, choices=Channel.choices)
    emailed_at = models.DateTimeField(_("courriel envoyé le"), null=True, blank=True)
    posted_on = models.DateField(_("courrier posté le"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")

    objects = RetentionNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("avis de fin de conservation")
        verbose_name_plural = _("avis de fin de conservation")
        ordering = ["-issued_on"]

    def __str__(self):
        # Never a name: the person is referred to by opaque id.
        return f"{self.issued_on} {self.channel} {self.person.public_id}"
