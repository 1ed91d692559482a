from django.contrib import admin

from jobfactory.establishments.models import Establishment, SireneImport


@admin.register(SireneImport)
class SireneImportAdmin(admin.ModelAdmin):
    """The record of each load: read-only, an import is made with the import_sirene command."""

    list_display = ["programme", "source_name", "format", "started_at", "status", "is_current",
                    "rows_read", "rows_kept", "rows_malformed"]
    list_filter = ["programme", "status", "is_current"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A failed or interrupted import may go (with its staged rows); the current one backs live rows.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_current)


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["siret", "name", "naf_rev2", "naf_2025", "commune_code", "is_active", "is_micro",
                    "address_is_public"]
    list_filter = ["programme", "is_active", "is_micro", "address_is_public", "naf_rev2", "commune_code"]
    search_fields = ["=siret", "name"]
    list_select_related = ["programme"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
