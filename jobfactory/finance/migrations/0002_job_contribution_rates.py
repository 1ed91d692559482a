from django.db import migrations


def seed(apps, schema_editor):
    from jobfactory.engines.budget import JOB_CONTRIBUTION_RATES

    rate = apps.get_model("finance", "JobContributionRate")
    for row in JOB_CONTRIBUTION_RATES:
        rate.objects.update_or_create(starts_on=row.starts_on, defaults={
            "percent": row.percent, "source": row.source, "confirmed": row.confirmed})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
