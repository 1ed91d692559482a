"""What the demo's planner works on: where people live and how they travel, when they can work, the
jobs they know and wish for, where the activities are and when they open (issue 4).

No public source describes these for the people of a territory zéro chômeur: every distribution
here is an assumption of the demo, chosen so that the planner's journey shows its cases (people
placed near home on their job, people placed outside their wishes, people left over with a reason,
short posts, a group whose wish no activity offers yet). Every person is generated.
"""

from datetime import date

from jobfactory.engines.week import ALL_WEEK, WEEKDAYS, mask_of
from jobfactory.people.enums import TravelMode

LOOS = "Loos - Les Oliveaux"
TOURCOING = "Tourcoing - Triangle de Menin / Phalempins"

# --- where people live ---------------------------------------------------------------------------
# Approximate centres of the districts (WGS 84), not their official outlines (assumption of the
# demo). The communes' own coordinates are 50.613 N, 3.014 E (Loos) and 50.724 N, 3.161 E
# (Tourcoing). Les Oliveaux lies south-west of Loos's centre, towards Haubourdin (the renewal
# project opens it onto Haubourdin's Heurtebise); the Tourcoing point is about 1.2 km north-east of
# the town centre.
CENTRES = {LOOS: (50.606, 3.007), TOURCOING: (50.733, 3.170)}
# Most people live in the district: a spread of about a kilometre around its centre (standard
# deviation per axis, km). A few live further, in the rest of the commune or next door (km). Both
# assumptions of the demo.
HOME_SPREAD_KM = 0.55
SHARE_LIVING_FURTHER = 0.08
FURTHER_KM = (2.5, 6.0)
# Those do not walk to work (assumption of the demo).
FURTHER_TRAVEL_MODES = {TravelMode.PUBLIC_TRANSPORT: 60, TravelMode.BIKE: 15, TravelMode.CAR: 25}
# A few files have no position yet: the plan then says « position du domicile non renseignée »
# (assumption of the demo).
SHARE_NO_POSITION = 0.04

# --- how they travel -----------------------------------------------------------------------------
# Few people without employment have a car; the districts are served by metro (Loos) and tram or
# bus (Tourcoing). Weights: assumption of the demo.
TRAVEL_MODE_WEIGHTS = {TravelMode.WALK: 40, TravelMode.PUBLIC_TRANSPORT: 36, TravelMode.BIKE: 12,
                       TravelMode.CAR: 12}
# Some give their own distance instead of the mode's default: a share of the mode's default
# (assumption of the demo).
SHARE_EXPLICIT_REACH = 0.12
EXPLICIT_REACH_FACTORS = [0.5, 0.75, 1.5, 2]

# --- when they can work --------------------------------------------------------------------------
# Half-day patterns and their weights. A person draws only among the patterns that leave room for
# all their hours (3.5 h a half-day): only part-time hours allow mornings only or no Wednesday
# afternoon. Patterns and weights: assumption of the demo.
HALF_DAY_PATTERNS = {
    "du lundi au vendredi": (WEEKDAYS, 62),
    "sauf le mercredi après-midi": (WEEKDAYS & ~mask_of([5]), 12),
    "du lundi au jeudi": (mask_of(range(8)), 6),
    "le matin seulement": (mask_of([0, 2, 4, 6, 8]), 8),
    "du lundi au samedi": (ALL_WEEK, 8),
    "du mardi au samedi": (mask_of(range(2, 12)), 4),
}

# --- what they know and wish for (ROME 4.0 codes) -------------------------------------------------
# The main job: mostly one the territory's activities employ (weighted as the activities' hours),
# else one no activity offers (their skills then match no job: training to plan). Assumption of the
# demo, as are the other shares of this section.
SHARE_MAIN_SKILL_FROM_ACTIVITIES = 0.82
OTHER_SKILLS = ["K1303", "M1601", "N4105", "F1606", "H2913", "I1401", "D1214"]
# Jobs besides the main one (count: weight), mostly among the territory's activities.
EXTRA_SKILLS_WEIGHTS = {0: 40, 1: 45, 2: 15}
SHARE_EXTRA_FROM_ACTIVITIES = 0.7
# Wishes: a group in each territory wishes for work no running activity offers yet, so that the
# people left over point at a new activity: bike repair in Loos (the bike workshop is only on the
# committee's agenda), a laundry in Loos (a need the social centre raised), home help in Tourcoing.
NEW_ACTIVITY_WISHES = {LOOS: {"I1117": 0.15, "D1228": 0.06}, TOURCOING: {"K1304": 0.15}}
# Most of those have done that work before: it is their main job (assumption of the demo).
SHARE_NEW_WISH_SKILLED = 0.8
# The others' first wish: their main job, another job of the territory's activities, or none said.
FIRST_WISH_WEIGHTS = {"main": 55, "activity": 30, "none": 15}
SHARE_SECOND_WISH = 0.3

# Words for the free-text skills and wishes, kept consistent with the codes.
JOB_WORDS = {
    "K2304": "tri des déchets", "H2206": "menuiserie", "I1402": "réparation d'électroménager",
    "N1105": "manutention", "A1433": "maraîchage", "A1203": "entretien des espaces verts",
    "N1102": "déménagement", "A1208": "jardinage", "I1203": "petits travaux du bâtiment",
    "D1207": "retouche", "D1236": "repassage", "G1609": "cuisine", "G1602": "commis de cuisine",
    "H3302": "conditionnement", "I1604": "mécanique auto", "I1606": "carrosserie",
    "D1106": "vente en épicerie", "K2205": "ménage", "I1117": "réparation de vélos",
    "D1228": "laverie", "K1304": "aide à domicile", "K1303": "garde d'enfants", "M1601": "accueil",
    "N4105": "conduite et livraison", "F1606": "peinture", "H2913": "soudure",
    "I1401": "informatique", "D1214": "vente en boutique", "D1305": "vente de vélos",
}
WISH_WORDS = {"K2304": "ressourcerie", "A1433": "maraîchage en permaculture", "I1117": "atelier vélo",
              "G1609": "restauration", "D1207": "retouche et repassage", "D1236": "retouche et repassage",
              "I1604": "garage solidaire", "H3302": "conserverie", "D1106": "épicerie solidaire",
              "D1228": "laverie solidaire", "K1304": "aide à domicile"}

# --- where the activities are and when they open ---------------------------------------------------
# Sites a few hundred metres from the district's centre (km east, km north) and opening half-days
# (default Monday to Friday), assumptions of the demo. The market garden sells on Saturdays;
# Tourcoing's shops (the grocery, the recycling shop) and the bike workshop open Tuesday to
# Saturday, as the workshop's schedule says; the restaurant serves Wednesday to Saturday, the
# catering working for Saturday's parties. Few people can work all their hours within those days:
# the plan shows jobs short of staff while people available Monday to Friday are left over.
TUESDAY_TO_SATURDAY = mask_of(range(2, 12))
WEDNESDAY_TO_SATURDAY = mask_of(range(4, 12))
ACTIVITY_SITES = {
    "Recyclerie et atelier de réparation": (0.35, -0.2, WEEKDAYS),
    "Maraîchage en permaculture": (-0.6, -0.45, ALL_WEEK),
    "Services aux habitants : déménagements, jardins, petits travaux": (0.2, 0.3, WEEKDAYS),
    "Retouche textile et repassage": (-0.15, 0.25, WEEKDAYS),
    "Restauration et traiteur": (0.45, 0.1, WEDNESDAY_TO_SATURDAY),
    "Conserverie": (0.4, -0.25, WEEKDAYS),
    "Atelier vélo solidaire": (0.05, 0.05, TUESDAY_TO_SATURDAY),
    "Garage solidaire": (0.4, -0.3, WEEKDAYS),
    "Recyclerie de Tourcoing": (-0.3, 0.2, TUESDAY_TO_SATURDAY),
    "Épicerie solidaire": (0.1, 0.1, TUESDAY_TO_SATURDAY),
    "Entretien des espaces communs": (-0.2, -0.3, WEEKDAYS),
}

# --- the plans ---------------------------------------------------------------------------------
# The assignments in force come from a plan applied on the first of a month at least a month ago,
# early enough that a few people were hired since (up to a year back): today's proposal then has
# differences to show.
HIRES_SINCE_LAST_PLAN = 3
LAST_PLAN_LOOKBACK_MONTHS = 12
EARLIEST_LAST_PLAN = date(2017, 7, 1)
