from django.contrib import admin

from jobfactory.audit.models import AccessLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the application writes itself: the administrator reads them, never edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Viewable by the administrator, never editable."""

    list_display = ["at", "username", "action", "person_public_id", "detail"]
    list_filter = ["action"]
    search_fields = ["username", "person_public_id"]
    date_hierarchy = "at"
