from django.contrib import admin

from jobfactory.referentials.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "department", "source"]
    search_fields = ["insee_code", "name"]
    list_filter = ["department"]
