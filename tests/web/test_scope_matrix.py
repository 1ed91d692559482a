"""The scope matrix: every URL of the site that points at an object, against every role.

The URL patterns are enumerated from the resolver, so a new URL is covered the day it is added:
a pattern with path parameters that the REGISTRY below does not know fails
``test_every_object_url_is_in_the_registry``, naming it. The registry says how to fill the
parameters from the world (tests/web/conftest.py: every object lives in Loos) and which users
may open the page; every other user must be refused.

What is asserted, for every object-bearing URL and every user:
- a refused user gets 404 to GET and to an empty POST (405 is accepted when the view takes no such
  method at all: it answers so before looking anything up, whatever the object), at least one of the
  two is a 404, the POST changes no row, and neither body holds a Loos volunteer's personal details;
- a reader gets anything but 404 or 500; only the readers of personal files (the Loos team and the
  manager of the EBE serving Loos) may receive personal details, and only where ``files`` says so;
- an anonymous visitor is sent to the login page, and the API answers 401 (it cannot know the user);
- the API's rule is the pages' rule: a logged-in user (session or bearer token) out of scope gets
  404, never 401/403, because the API does know who asks (jobfactory/api/api.py's description);
- the Django admin answers every non-staff user with a redirect to its own login page (Django's
  rule, role-independent), and even a superuser's admin pages show no personal file.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from jobfactory.api.models import ApiToken
from jobfactory.reporting.open_data import FILES as OPEN_DATA_FILES
from tests.web.conftest import SECRETS, YEAR

TEAM, MANAGER, COMMITTEE = "team of Loos", "manager of the Loos EBE", "committee member of Loos"
OFFICER, FUND, ADMIN = "programme officer", "national fund", "administrator"
O_TEAM, O_MANAGER = "team of Tourcoing", "manager of the Tourcoing EBE"
O_COMMITTEE, O_OFFICER = "committee member of Tourcoing", "officer of another programme"
ANONYMOUS = "anonymous"
USERS = (TEAM, MANAGER, COMMITTEE, OFFICER, FUND, ADMIN, O_TEAM, O_MANAGER, O_COMMITTEE, O_OFFICER,
         ANONYMOUS)
ROLES = frozenset(USERS) - {ANONYMOUS}

# Who may read what, as the scope code intends (territories/scope.py, activities/scope.py,
# finance/budget_service.py, staffing/planning_scope.py, reporting/views_exports.py).
FILES = frozenset({TEAM, MANAGER})  # opens_personal_files, in the territories they serve
TERRITORY = frozenset({TEAM, MANAGER, COMMITTEE, OFFICER, FUND, ADMIN})  # Territory.visible_to
ACTIVITIES = TERRITORY - {FUND}  # activities.scope.READ_ROLES
SECRETARIAT = frozenset({TEAM})  # activities.scope.SECRETARIAT_ROLES: runs the committee
PLANNERS = frozenset({MANAGER})  # planning_scope.can_plan: the employer's managers
BUDGET = frozenset({MANAGER, OFFICER, FUND})  # budget_service.VIEW_ROLES, Employer.visible_to
EMPLOYER = frozenset({MANAGER, OFFICER, FUND, ADMIN})  # Employer.visible_to
PROGRAMME = frozenset({OFFICER, FUND, ADMIN})  # Programme.visible_to
# Users of the same programme see its ledger reduced to their own territories: not Loos's.
OWN_TERRITORIES = frozenset({O_TEAM, O_MANAGER, O_COMMITTEE})


@dataclass(frozen=True)
class Entry:
    params: dict  # path parameter -> function of the world giving its value
    readers: frozenset  # users who get the page; every other role must get 404
    files: bool = False  # the page shows personal files to its readers
    own_scope: frozenset = field(default_factory=frozenset)  # get their own data: 200 allowed
    public: bool = False  # no login needed: open data
    # What a POST carries, when an empty one would be refused by every user alike (so that the
    # readers' answer shows the registry is right, and the outsiders' refusal is on scope).
    post: object = None


def pk(name):
    return lambda w: w.objects[name].pk


def public_id(name):
    return lambda w: w.objects[name].public_id


LOOS = {"territory_id": lambda w: w.loos.pk}
EBE_YEAR = {"employer_id": lambda w: w.ebe.pk, "year": lambda w: YEAR}
PROG = {"programme_id": lambda w: w.programme.pk}
CSV = {"fmt": lambda w: "csv"}
PERSON = {"public_id": public_id("person")}
CONTRACT = {"public_id": public_id("contract")}
ACTIVITY = {"public_id": public_id("activity")}
MEETING = {"public_id": public_id("meeting")}
PLAN = {"public_id": public_id("plan")}
SCENARIO = {"public_id": public_id("scenario")}

REGISTRY = {
    "territories:detail": Entry(LOOS, TERRITORY),
    "territories:people": Entry(LOOS, FILES, files=True),
    "territories:waiting_list": Entry(LOOS, FILES, files=True),
    "territories:person_create": Entry(LOOS, FILES, files=True),
    **{f"people:{name}": Entry(PERSON, FILES, files=True) for name in (
        "detail", "edit", "household", "interview", "decision", "withdraw")},
    "people:import": Entry(LOOS, FILES, files=True),
    "people:import_template": Entry(LOOS, FILES, files=True),
    "staffing:hire": Entry(PERSON, FILES, files=True),
    "staffing:skip": Entry(PERSON, FILES, files=True),
    "staffing:contract": Entry(CONTRACT, FILES, files=True),
    "staffing:amend": Entry(CONTRACT, FILES, files=True),
    "staffing:end": Entry(CONTRACT, FILES, files=True),
    "staffing:plan": Entry(PLAN, PLANNERS, files=True),
    "staffing:plan_apply": Entry(PLAN, PLANNERS, files=True),
    "staffing:plan_person": Entry(PLAN | {"contract_id": public_id("contract")}, PLANNERS,
                                  files=True),
    "staffing:plan_need": Entry(PLAN | {"index": lambda w: 0}, PLANNERS, files=True),
    "activities:territory": Entry(LOOS, ACTIVITIES),
    "activities:need_create": Entry(LOOS, FILES),
    "activities:activity_create": Entry(LOOS, FILES),
    "activities:need": Entry({"public_id": public_id("need")}, ACTIVITIES),
    "activities:activity": Entry(ACTIVITY, ACTIVITIES),
    "activities:activity_edit": Entry(ACTIVITY, FILES),
    "activities:activity_status": Entry(ACTIVITY, FILES),
    "activities:objection_create": Entry(ACTIVITY, FILES),
    "activities:objection_answer": Entry({"objection_id": pk("objection")}, FILES),
    "activities:meeting_create": Entry(LOOS, SECRETARIAT),
    "activities:meeting": Entry(MEETING, ACTIVITIES),
    "activities:meeting_attendance": Entry(MEETING, SECRETARIAT),
    "activities:agenda_add": Entry(MEETING, SECRETARIAT),
    "activities:item_decision": Entry(MEETING | {"item_id": pk("item")}, SECRETARIAT),
    "activities:meeting_pack": Entry(MEETING, ACTIVITIES),
    "finance:budget_employer": Entry({"employer_id": lambda w: w.ebe.pk}, BUDGET),
    "finance:budget_year": Entry(EBE_YEAR, BUDGET),
    "finance:compare": Entry(EBE_YEAR, BUDGET),
    "finance:scenario": Entry(SCENARIO, BUDGET),
    "finance:scenario_edit": Entry(SCENARIO, PLANNERS),
    "finance:scenario_copy": Entry(SCENARIO, PLANNERS),
    "finance:scenario_delete": Entry(SCENARIO, PLANNERS),
    "ledger:territory": Entry(LOOS, TERRITORY),
    "ledger:programme": Entry(PROG, TERRITORY, own_scope=OWN_TERRITORIES),
    "reporting:territory": Entry(LOOS, TERRITORY),
    "reporting:territory_report": Entry(LOOS | {"year": lambda w: YEAR}, TERRITORY),
    "reporting:employer": Entry({"employer_id": lambda w: w.ebe.pk}, EMPLOYER),
    "reporting:programme": Entry(PROG, PROGRAMME),
    "privacy:export_json": Entry(PERSON, FILES, files=True),
    "privacy:export_pdf": Entry(PERSON, FILES, files=True),
    "privacy:erase": Entry(PERSON, FILES, files=True),
    "privacy:mark_posted": Entry({"public_id": public_id("withdrawn")}, FILES, files=True,
                                 post=lambda w: {"notice": w.objects["notice"].pk}),
    "privacy:letters": Entry(LOOS, FILES, files=True),
    "exports:people": Entry(LOOS | CSV, FILES, files=True),
    "exports:waiting_list": Entry(LOOS | CSV, FILES, files=True),
    "exports:activities": Entry(LOOS | CSV, ACTIVITIES),
    # The evaluation file of the territories one sees, pseudonymised: another programme's officer
    # gets their own programme's.
    "exports:programme_people": Entry(CSV, frozenset({OFFICER, FUND}),
                                      own_scope=frozenset({O_OFFICER})),
    "exports:plan": Entry(PLAN | CSV, PLANNERS, files=True),
    "open_data:file": Entry(PROG | {"name": lambda w: OPEN_DATA_FILES[0]}, ROLES, public=True),
    "api:territory_detail": Entry(LOOS, TERRITORY),
    "api:territory_people": Entry(LOOS, FILES, files=True),
    "api:waiting_list": Entry(LOOS, FILES, files=True),
    "api:person_detail": Entry(PERSON, FILES, files=True),
    "api:territory_activities": Entry(LOOS, ACTIVITIES),
    "api:territory_series": Entry(LOOS, TERRITORY),
    "api:programme_series": Entry(PROG, PROGRAMME),
}

# Not matrix cases, each for a reason. Static and media files are served outside Django's URLconf
# in production; their prefixes are skipped should DEBUG ever add them.
EXCLUDED = {
    "admin:app_list": "the admin's index of one app: lists models, points at no object",
    r"admin/(?P<url>.*)$": "the admin's catch-all (final_catch_all_view): any other admin path",
}
SKIPPED_PREFIXES = tuple(p.lstrip("/") for p in (settings.STATIC_URL, settings.MEDIA_URL or "")
                         if p and p != "/")


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced URL name, or the route for an unnamed pattern
    route: str
    name: str | None
    params: tuple


def _params(pattern) -> set:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.regex.groupindex)


def enumerate_patterns(resolver=None, prefix="", namespace=None, params=frozenset()):
    """Every pattern of the URLconf, with its full route, its namespaced name and its parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = params | _params(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, (namespace, entry.namespace))) or None
            yield from enumerate_patterns(entry, route, inner, found)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(name or route, route, name, tuple(sorted(found)))


PATTERNS = [p for p in enumerate_patterns() if not p.route.startswith(SKIPPED_PREFIXES)]
OBJECT_PATTERNS = [p for p in PATTERNS if p.params and p.key not in EXCLUDED]
# The admin's pages of each registered model are filled generically (admin_params): a model newly
# registered in the admin is covered without an entry.
ADMIN_PATTERNS = [p for p in OBJECT_PATTERNS if p.route.startswith("admin/")]
SITE = [p for p in OBJECT_PATTERNS if not p.route.startswith("admin/")]


def admin_params(pattern: Pattern, world) -> dict:
    if pattern.key == "admin:view_on_site":
        activity = world.objects["activity"]
        return {"content_type_id": ContentType.objects.get_for_model(activity).pk,
                "object_id": activity.pk}
    app_label, model_name = pattern.route.split("/")[1:3]
    instance = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    # A model with no row yet: the admin answers for a missing object, which is still a page.
    # Every other parameter of a model's admin pages is the object's key (object_id, pk, id).
    return dict.fromkeys(pattern.params, instance.pk if instance else 1)


def url_for(pattern: Pattern, values: dict) -> str:
    if pattern.name:
        return reverse(pattern.name, kwargs=values)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern.route)


def client_for(world, who) -> Client:
    client = Client()
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


def leaked(response) -> list[str]:
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace").casefold()
    return [secret for secret in SECRETS if secret.casefold() in text]


def row_counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model.__module__.startswith("jobfactory.")}


# ----------------------------------------------------------------------------- the registry


def test_every_object_url_is_in_the_registry():
    missing = sorted(p.key for p in SITE if p.key not in REGISTRY)
    assert not missing, f"URL patterns with parameters and no entry in REGISTRY: {missing}"


def test_the_registry_names_only_existing_urls_with_their_parameters():
    site = {p.key: p for p in SITE}
    stale = sorted(set(REGISTRY) - set(site))
    assert not stale, f"REGISTRY entries for URLs that no longer exist: {stale}"
    wrong = sorted(key for key, p in site.items()
                   if key in REGISTRY and set(REGISTRY[key].params) != set(p.params))
    assert not wrong, f"REGISTRY entries whose parameters differ from the URL's: {wrong}"


def test_the_enumeration_reaches_every_part_of_the_site():
    keys = {p.key for p in PATTERNS}
    # A namespace of each include, the API's routes and the admin: the walk does recurse.
    assert {"people:detail", "exports:plan", "api:person_detail", "admin:index",
            "admin:territories_territory_change"} <= keys
    assert len(SITE) >= 60 and ADMIN_PATTERNS


# ----------------------------------------------------------------------------- the matrix


def site_cases():
    for pattern in SITE:
        for who in USERS:
            yield pytest.param(pattern, who, id=f"{pattern.key} | {who}")


@pytest.mark.parametrize(("pattern", "who"), list(site_cases()))
def test_scope_matrix(scope_world, db, pattern, who):
    entry = REGISTRY.get(pattern.key)
    assert entry is not None, f"{pattern.key} is not in REGISTRY"
    url = url_for(pattern, {name: fill(scope_world) for name, fill in entry.params.items()})
    client = client_for(scope_world, who)
    is_api = pattern.key.startswith("api:")
    if entry.public:
        response = client.get(url)
        assert response.status_code == 200 and not leaked(response), url
        return
    data = entry.post(scope_world) if entry.post else {}
    if who == ANONYMOUS:
        assert_anonymous_refused(client, url, is_api)
    elif who in entry.readers:
        assert_reader_served(client, url, data, files=entry.files)
    elif who in entry.own_scope:
        response = client.get(url)
        assert response.status_code < 500 and not leaked(response), (url, response.status_code)
    else:
        assert_refused(client, url, data)


def assert_anonymous_refused(client, url, is_api):
    for response in (client.get(url), client.post(url)):
        if is_api:
            # The API cannot know who asks: 401 (405 for a method the route does not take).
            assert response.status_code in {401, 405}, (url, response.status_code)
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].startswith(reverse("login")), url
        assert not leaked(response), url


def assert_reader_served(client, url, data, *, files):
    response = client.get(url)
    if response.status_code == 405:
        # A POST-only action (apply a plan, add to an agenda): the POST shows the registry is right.
        response = client.post(url, data)
    assert response.status_code not in {404, 500}, (url, response.status_code)
    if not files:
        assert not leaked(response), (url, leaked(response))


def assert_refused(client, url, data):
    got = client.get(url)
    before = row_counts()
    posted = client.post(url, data)
    assert row_counts() == before, f"a refused POST to {url} changed rows"
    statuses = (got.status_code, posted.status_code)
    assert set(statuses) <= {404, 405} and 404 in statuses, (url, statuses)
    assert not leaked(got) and not leaked(posted), (url, leaked(got) + leaked(posted))


# ----------------------------------------------------------------------------- lists

# The pages without parameters show each user their own scope (a list, a home page, the API's
# territory list): whoever does not open the Loos files must find none of them there either.
LISTS = [p for p in PATTERNS if not p.params and not p.route.startswith("admin/")]


@pytest.mark.parametrize("who", sorted(set(USERS) - FILES))
def test_pages_without_parameters_show_no_file_to_those_who_may_not_open_it(scope_world, db, who):
    client = client_for(scope_world, who)
    for pattern in LISTS:
        response = client.get(url_for(pattern, {}))
        assert response.status_code < 500 and not leaked(response), (pattern.key, leaked(response))


# ----------------------------------------------------------------------------- API tokens


API_OBJECT_URLS = [p for p in SITE if p.key.startswith("api:")]


@pytest.mark.parametrize("who", [O_TEAM, O_MANAGER, O_COMMITTEE, O_OFFICER, COMMITTEE, FUND])
def test_an_api_token_is_held_to_its_users_scope(scope_world, db, who):
    _, token = ApiToken.issue(scope_world.users[who], name="matrix")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    checked = 0
    for pattern in API_OBJECT_URLS:
        entry = REGISTRY[pattern.key]
        if who in entry.readers:
            continue
        url = url_for(pattern, {name: fill(scope_world) for name, fill in entry.params.items()})
        response = client.get(url)
        assert response.status_code == 404 and not leaked(response), (url, response.status_code)
        checked += 1
    assert checked


def test_a_wrong_api_token_gets_401_without_data(scope_world, db):
    client = Client(HTTP_AUTHORIZATION="Bearer jf_not-a-token")
    for pattern in API_OBJECT_URLS:
        entry = REGISTRY[pattern.key]
        response = client.get(url_for(pattern, {n: f(scope_world) for n, f in entry.params.items()}))
        assert response.status_code == 401 and not leaked(response), pattern.key


# ----------------------------------------------------------------------------- the admin


# The admin lets in staff only, whatever the role: one non-staff user (the one who opens the most
# files on the site), the staff administrator and a visitor stand for every user.
ADMIN_USERS = (TEAM, ADMIN, ANONYMOUS)


def admin_cases():
    for pattern in ADMIN_PATTERNS:
        for who in ADMIN_USERS:
            yield pytest.param(pattern, who, id=f"{pattern.key} | {who}")


@pytest.mark.parametrize(("pattern", "who"), list(admin_cases()))
def test_admin_matrix(scope_world, db, pattern, who):
    url = url_for(pattern, admin_params(pattern, scope_world))
    response = client_for(scope_world, who).get(url)
    user = scope_world.users[who]
    if user is not None and user.is_staff:
        assert response.status_code not in {404, 500}, (url, response.status_code)
    else:
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(reverse("admin:login")), url
    assert not leaked(response), (url, leaked(response))
