"""The demo's activities: those DOMAIN.md lists for Lille Metropole, with the NAF and ROME codes
we chose for them. Hours are weights: the demo scales them to the hours people actually work."""

from datetime import date

# (title, NAF codes, customers, ROME jobs with weights, yearly revenue, costs, proposer, approved on)
LOOS = [
    ("Recyclerie et atelier de réparation", ["38.32Z", "95.22Z", "31.09B"], ["residents", "municipality"],
     {"K2304": 4, "H2206": 3, "I1402": 2, "N1105": 2}, 95000, 30000, "municipality", date(2017, 6, 15)),
    ("Maraîchage en permaculture", ["01.13Z"], ["residents", "associations"],
     {"A1433": 6, "A1203": 2}, 40000, 12000, "residents", date(2017, 6, 15)),
    ("Services aux habitants : déménagements, jardins, petits travaux", ["49.42Z", "81.30Z", "43.39Z"],
     ["residents", "municipality"], {"N1102": 3, "A1208": 2, "I1203": 2}, 60000, 15000, "residents",
     date(2017, 6, 15)),
    ("Retouche textile et repassage", ["96.01B"], ["residents", "businesses"],
     {"D1207": 3, "D1236": 2}, 30000, 6000, "association", date(2018, 3, 20)),
    ("Restauration et traiteur", ["56.21Z"], ["residents", "associations", "municipality"],
     {"G1609": 2, "G1602": 2}, 70000, 35000, "ebe_employees", date(2018, 3, 20)),
    ("Conserverie", ["10.39A"], ["residents", "businesses"], {"H3302": 2, "G1609": 1}, 25000, 9000,
     "ebe_employees", date(2021, 5, 18)),
]
TOURCOING = [
    ("Garage solidaire", ["45.20A"], ["residents"], {"I1604": 3, "I1606": 1}, 55000, 20000, "residents",
     date(2017, 9, 12)),
    ("Recyclerie de Tourcoing", ["38.32Z", "47.79Z"], ["residents"], {"K2304": 2, "D1106": 1}, 30000,
     9000, "association", date(2017, 9, 12)),
    ("Épicerie solidaire", ["47.11C"], ["residents"], {"D1106": 2, "N1105": 1}, 45000, 32000, "association",
     date(2019, 10, 8)),
    ("Entretien des espaces communs", ["81.21Z", "81.30Z"], ["municipality", "associations"],
     {"K2205": 2, "A1203": 2}, 35000, 6000, "municipality", date(2019, 10, 8)),
]
# Share of the hours people work under contract that the running activities offer: a little less,
# so the demo shows a gap to fill (assumption of the demo).
OFFERED_SHARE = 0.9

# The journey of the issue: a need proposed by residents, studied into an activity, on the agenda
# of the committee meeting held today.
BIKE_NEED = {
    "title": "Réparer les vélos du quartier", "proposed_by": "residents",
    "proposer": "Conseil citoyen des Oliveaux",
    "description": "Beaucoup d'habitants ont un vélo hors d'usage ; aucun atelier de réparation "
                   "dans le quartier, le plus proche est à Lille.",
    "location": "Les Oliveaux, Loos", "beneficiaries": "Habitants sans voiture, jeunes, familles"}
BIKE_ACTIVITY = {"title": "Atelier vélo solidaire", "naf_codes": ["95.29Z"], "customers": ["residents"],
                 "skills": {"I1117": 35, "D1305": 24}, "revenue": 18000, "costs": 5000,
                 "site": "Ancien local commercial, place des Oliveaux",
                 "schedule": "Du mardi au samedi, 9 h - 17 h"}
OTHER_NEEDS = [
    {"title": "Laverie solidaire", "proposed_by": "association", "proposer": "Centre social Oliveaux",
     "description": "Pas de laverie dans le quartier ; des familles font 3 km avec leur linge.",
     "location": "Les Oliveaux", "beneficiaries": "Familles, personnes âgées"},
    {"title": "Accompagnement aux courses des personnes âgées", "proposed_by": "municipality",
     "proposer": "CCAS de Loos",
     "description": "Des personnes âgées isolées ne peuvent plus porter leurs courses.",
     "location": "Loos", "beneficiaries": "Personnes âgées isolées"},
]
# Organisations present at the demo's committee meetings (by type; never a person's name).
ATTENDANCE = [
    ("department", "Département du Nord", 1), ("carrying_authority", "Ville de Loos", 2),
    ("other_local_authority", "Métropole européenne de Lille", 1), ("prefect", "Préfecture du Nord", 1),
    ("france_travail", "France Travail Loos", 1), ("ebe_management", "La Fabrique de l'emploi", 1),
    ("ebe_employees", "Salariés de La Fabrique de l'emploi", 2),
    ("chamber_of_commerce", "CCI Grand Lille", 1), ("chamber_of_trades", "CMA Hauts-de-France", 1),
    ("ppde_representative", "Comité des personnes privées d'emploi", 2),
]
# Establishments the synthetic SIRENE file must hold, so the evidence has something to show:
# (NAF code, commune INSEE code, count).
ENSURED_ESTABLISHMENTS = [
    ("95.29Z", "59350", 6), ("95.29Z", "59360", 1), ("95.29Z", "59286", 1), ("95.22Z", "59360", 2),
    ("47.64Z", "59360", 2), ("47.64Z", "59350", 9), ("33.17Z", "59350", 1), ("45.20A", "59599", 7),
    ("45.20A", "59512", 12), ("01.13Z", "59648", 1), ("56.21Z", "59360", 3), ("96.01B", "59360", 2),
]
