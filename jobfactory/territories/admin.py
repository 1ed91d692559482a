from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

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


admin.site.register(Programme)
admin.site.site_header = "jobfactory — administration"
