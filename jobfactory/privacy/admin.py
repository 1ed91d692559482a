from django.contrib import admin

from jobfactory.privacy.models import RetentionNotice


@admin.register(RetentionNotice)
class RetentionNoticeAdmin(admin.ModelAdmin):
    """Read-only: the notices are issued by `apply_retention` and marked posted by the team."""

    list_display = ["issued_on", "channel", "emailed_at", "posted_on"]
    list_filter = ["channel"]
    date_hierarchy = "issued_on"
    # The person by opaque id only: the administrator opens no personal file here.
    fields = ["issued_on", "channel", "emailed_at", "posted_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
