from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Réussi")
    FAILED = "failed", _("Échoué")


class SireneFormat(models.TextChoices):
    CSV_ZIP = "csv_zip", _("CSV compressé (zip)")
    CSV = "csv", _("CSV")
    PARQUET = "parquet", _("Parquet")
