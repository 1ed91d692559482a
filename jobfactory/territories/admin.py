from collections import Counter

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import router

from jobfactory.territories.models import Employer, FundingAgreement, Profile, Programme, Territory


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["territories"]


class UserWithRoleAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "email", "is_active", "is_staff", "role"]

    @admin.display(description="rôle")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, UserWithRoleAdmin)


class FundingAgreementInline(admin.TabularInline):
    model = FundingAgreement
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme"]
    filter_horizontal = ["territories"]
    inlines = [FundingAgreementInline]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "estimated_ppde", "exhaustivity_target_on",
                    "eligibility_family"]
    list_filter = ["programme"]
    filter_horizontal = ["communes", "surrounding_communes"]

    def get_deleted_objects(self, objs, request):
        """The delete page lists the rows that block it by their str(): every volunteer's name.
        The admin opens no personal file (DESIGN.md, roles): it counts them by kind instead."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            collector = NestedObjects(using=router.db_for_write(self.model))
            collector.collect(objs)
            kinds = Counter(str(obj._meta.verbose_name_plural) for obj in collector.protected)
            protected = [f"{kind} : {count}" for kind, count in sorted(kinds.items())]
        return deleted, model_count, perms_needed, protected


admin.site.register(Programme)
admin.site.site_header = "jobfactory — administration"
