"""Figures the synthetic demo is calibrated on, each from DOMAIN.md and its public source.

These are distributions to draw from, not facts about anyone: every person is generated.
"""

from datetime import date
from decimal import Decimal

# Lille Metropole (EUROCITIES reports): Loos - Les Oliveaux 7,500 inhabitants with 360 people
# unemployed for over a year; Tourcoing - Triangle de Menin / Phalempins 2,880 with 173.
# About 80 employees in Loos and 40 in Tourcoing in 2023.
TERRITORIES = [
    {"name": "Loos - Les Oliveaux", "communes": ["59360"],
     "surrounding_communes": ["59350", "59286", "59648", "59220", "59195", "59566", "59328"],
     "postcode": "59120", "commune": "Loos",
     "inhabitants": 7500, "estimated_ppde": 360, "volunteers": 165, "employees_target": 95,
     "mean_deprivation_months": 56},
    {"name": "Tourcoing - Triangle de Menin / Phalempins", "communes": ["59599"],
     "surrounding_communes": ["59512", "59421", "59426", "59508", "59650", "59090"],
     "postcode": "59200", "commune": "Tourcoing", "inhabitants": 2880, "estimated_ppde": 173,
     "volunteers": 85, "employees_target": 45, "mean_deprivation_months": 37},
]
PPDE_SOURCE = "EUROCITIES, personnes au chômage depuis plus d'un an (estimation)"
TARGET_SOURCE = "Hypothèse de démonstration, modifiable dans l'administration"
EMPLOYER_NAME = "La Fabrique de l'emploi"
EMPLOYER_CREATED_ON = date(2017, 6, 26)
FIRST_HIRES_ON = date(2017, 7, 1)

# Employees in 2018 (national evaluation): 43 % women.
SHARE_WOMEN = 0.43
# Age bands: under 25 6 %, 25-50 65 %, over 50 30 % (rounded; weights).
AGE_BANDS = [((18, 24), 6), ((25, 50), 65), ((51, 62), 30)]
# Old scale VI 22 %, Vbis 10 %, V 30 %, IV 18 %, III 9 %, II 11 %, I 1 % mapped to the 2019 scale.
QUALIFICATION_WEIGHTS = {1: 11, 2: 21, 3: 30, 4: 18, 5: 9, 6: 11, 7: 1}
# No national distribution of chosen hours is published: mostly full time (assumption).
CHOSEN_HOURS_WEIGHTS = {Decimal("35"): 60, Decimal("30"): 12, Decimal("28"): 8,
                        Decimal("26"): 5, Decimal("24"): 8, Decimal("20"): 5,
                        Decimal("17.5"): 2}
# About 11 % of hires had left by the end of 2019.
EXIT_SHARE = 0.13
EXIT_REASON_WEIGHTS = {"ordinary_job": 40, "retirement": 14, "resignation": 14,
                       "mutual_termination": 10, "training": 6, "dismissal": 5,
                       "trial_period": 5, "medical_unfitness": 3, "transfer": 1, "other": 2}
# Legal retirement age is 62 to 64; long careers can leave at 60 (assumption for the demo).
EARLIEST_RETIREMENT_AGE = 60
SHARE_PARTIAL_OR_RECURRENT = 0.15
SHARE_TOO_RECENT_RESIDENTS = 0.04
SHARE_IN_QPV = 0.8
# Half the volunteers came in the first mobilisation (2016-2017), the others since, more of
# them recently as exhaustivity is pursued (assumption).
SHARE_FIRST_MOBILISATION = 0.45
FUNDED_FTE_BY_YEAR = {2017: 40, 2018: 70, 2019: 90, 2020: 100, 2021: 110, 2022: 120,
                      2023: 125, 2024: 130, 2025: 135, 2026: 140}

SKILLS = ["menuiserie", "jardinage", "maraîchage", "couture", "repassage", "cuisine",
          "mécanique vélo", "mécanique auto", "ménage", "accueil", "logistique", "conduite",
          "informatique", "bricolage", "peinture", "vente", "garde d'enfants", "soudure"]
WISHES = ["ressourcerie", "maraîchage en permaculture", "atelier vélo", "restauration",
          "services aux habitants", "retouche et repassage", "garage solidaire", "conserverie",
          "épicerie solidaire"]
