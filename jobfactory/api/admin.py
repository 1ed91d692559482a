from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobfactory.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """List and revoke tokens. The clear token is never stored, so it cannot be shown; a token is
    created by ``manage.py create_api_token``, which shows it once. Revoked tokens are kept (who had
    access, and until when), so there is no deletion here."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username"]
    fields = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Révoquer les jetons choisis"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
            count += 1
        self.message_user(request, ngettext("%(count)d jeton révoqué.", "%(count)d jetons révoqués.",
                                            count) % {"count": count}, messages.SUCCESS)
