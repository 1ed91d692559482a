from django.db import migrations


def load(apps, schema_editor):
    from jobfactory.referentials.communes import SHIPPED_SOURCE, shipped_communes

    Commune = apps.get_model("referentials", "Commune")
    for row in shipped_communes():
        Commune.objects.get_or_create(
            insee_code=row.insee_code,
            defaults={"name": row.name, "department": row.department, "source": SHIPPED_SOURCE})


class Migration(migrations.Migration):
    dependencies = [("referentials", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
