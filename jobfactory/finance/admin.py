from django.contrib import admin

from jobfactory.finance.models import IndirectCostAssumption, JobContributionRate


@admin.register(JobContributionRate)
class JobContributionRateAdmin(admin.ModelAdmin):
    list_display = ("starts_on", "percent", "confirmed", "source")


@admin.register(IndirectCostAssumption)
class IndirectCostAssumptionAdmin(admin.ModelAdmin):
    list_display = ("programme", "key", "annual_cents", "source", "updated_at")
    list_filter = ("programme",)
