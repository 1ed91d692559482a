from django.contrib import admin

from jobfactory.audit.admin import ReadOnlyAdmin
from jobfactory.privacy.models import RetentionNotice


@admin.register(RetentionNotice)
class RetentionNoticeAdmin(ReadOnlyAdmin):
    """Read-only: the notices are issued by `apply_retention` and marked posted by the team."""

    list_display = ["issued_on", "channel", "emailed_at", "posted_on"]
    list_filter = ["channel"]
    date_hierarchy = "issued_on"
    # The person by opaque id only: the administrator opens no personal file here.
    fields = ["issued_on", "channel", "emailed_at", "posted_on"]
