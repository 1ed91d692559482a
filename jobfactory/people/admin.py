from django.contrib import admin

from jobfactory.people.models import EligibilityRuleSet


@admin.register(EligibilityRuleSet)
class EligibilityRuleSetAdmin(admin.ModelAdmin):
    """Rule sets are data: an administrator extends a period or adds a successor here.

    Personal files are deliberately not registered: they are opened through the audited pages.
    """

    list_display = ["name", "family", "version", "valid_from", "valid_until", "successor"]
    list_filter = ["family"]
