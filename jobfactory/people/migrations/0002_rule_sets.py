"""The eligibility rule sets known at the start, as data an administrator can then edit."""

from datetime import date

from django.db import migrations

FRANCE_RULES = [
    {"code": "volunteer"},
    {"code": "residence", "min_months": 6},
    # Partial or recurrent deprivation has no numeric threshold: the committee assesses it.
    {"code": "deprivation", "min_months": 12, "since": "without_employment_since",
     "assess_kinds": ["partial", "recurrent"]},
    {"code": "job_search"},
]


def create(apps, schema_editor):
    RuleSet = apps.get_model("people", "EligibilityRuleSet")
    law_2020 = RuleSet.objects.create(
        family="fr-tzcld", name="France, loi 2020-1577", version="2020-1577",
        valid_from=date(2021, 7, 1), valid_until=date(2026, 12, 31),
        source=("Loi n° 2020-1577 du 14 décembre 2020, art. 9 ; décret n° 2021-863 du 30 juin "
                "2021. Expérimentation prolongée au 31 décembre 2026 par la loi de finances pour "
                "2026 ; une loi de pérennisation peut lui succéder."),
        rules=FRANCE_RULES,
    )
    RuleSet.objects.create(
        family="fr-tzcld", name="France, loi 2016-231", version="2016-231",
        valid_from=date(2016, 3, 1), valid_until=date(2021, 6, 30), successor=law_2020,
        source="Loi n° 2016-231 du 29 février 2016, art. 1er ; décret n° 2016-1027 du 27 juillet 2016.",
        rules=FRANCE_RULES,
    )
    RuleSet.objects.create(
        family="at-marienthal", name="Garantie d'emploi de Marienthal", version="pilote-2020",
        valid_from=date(2020, 10, 1), valid_until=None,
        source=("Modellprojekt Arbeitsplatzgarantie Marienthal (AMS Niederösterreich, "
                "Gramatneusiedl), résumés publics : résidents inscrits au chômage depuis plus de "
                "12 mois, volontaires."),
        rules=[
            {"code": "volunteer"},
            {"code": "residence", "min_months": 0},
            {"code": "deprivation", "min_months": 12, "strictly_more": True,
             "since": "registered_unemployed_since"},
        ],
    )


def remove(apps, schema_editor):
    apps.get_model("people", "EligibilityRuleSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
