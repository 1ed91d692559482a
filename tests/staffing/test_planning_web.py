"""The planner's pages through the test client: run, read, edit, apply, propose a need; who may."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobfactory.activities.models import LocalNeed
from jobfactory.audit.models import AccessLog
from jobfactory.people.enums import PersonStatus
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.models import Assignment, StaffingPlan
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer
from tests.conftest import make_person, make_user
from tests.staffing.conftest import LOOS, make_employee, make_running


@pytest.fixture
def plan(client, manager, scene):
    client.force_login(manager)
    response = client.post(reverse("staffing:plans"), {"territory": ""})
    plan = StaffingPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("staffing:plan", args=[plan.public_id])
    return plan


def lines_form(rows, initial=0):
    data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": str(initial),
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "30"}
    for i, (post, hours) in enumerate(rows):
        data[f"lines-{i}-post"], data[f"lines-{i}-units"] = post, hours
    return data


def test_a_manager_runs_a_plan_and_reads_it(client, plan, scene):
    assert client.get(reverse("staffing:plans")).status_code == 200
    response = client.get(reverse("staffing:plan", args=[plan.public_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 / 3" in page  # everyone under contract placed on all their hours
    assert "Même métier que l&#x27;activité" in page and "km de trajet" in page
    assert "VELO" in page and "nouvelle affectation" in page
    assert "Appliquer ce plan" in page and "Changements par rapport à aujourd" in page
    # The reading is logged once per person named, without a name in the detail.
    logged = AccessLog.objects.filter(action="view", detail=f"plan {plan.public_id}")
    assert logged.count() == 3


def test_a_manager_edits_a_persons_lines(client, plan, scene):
    url = reverse("staffing:plan_person", args=[plan.public_id, scene["part_time"].public_id])
    garden = f"{scene['garden'].pk}:A1203"
    assert client.get(url).status_code == 200
    refused = client.post(url, lines_form([(garden, "17,25")]))
    assert refused.status_code == 200
    assert "Par demi-heure" in refused.content.decode() and 'value="17,25"' in refused.content.decode()
    too_many = client.post(url, lines_form([(garden, "10"), (garden, "8")]))
    assert "plus que les 17 h 30 choisies" in too_many.content.decode()
    assert plan.lines.get(contract=scene["part_time"]).units == 35  # nothing saved
    saved = client.post(url, lines_form([(garden, "10 h 30"), ("", "")]))
    assert saved.status_code == 302
    assert plan.lines.get(contract=scene["part_time"]).units == 21
    shortfall = plan.shortfalls.get(contract=scene["part_time"])
    assert (shortfall.reason, shortfall.unplaced_units) == (ShortfallReason.MANUAL, 14)
    page = client.get(reverse("staffing:plan", args=[plan.public_id])).content.decode()
    assert "2 / 3" in page and "Heures retirées à la main" in page


def test_applying_creates_the_assignments_once(client, plan, scene):
    url = reverse("staffing:plan_apply", args=[plan.public_id])
    response = client.post(url, follow=True)
    assert "Plan appliqué : 3 personnes changent d&#x27;affectation" in response.content.decode()
    assert Assignment.objects.filter(plan=plan, end_on__isnull=True).count() == 3
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPLIED
    again = client.post(url, follow=True)
    assert "n&#x27;est plus une proposition" in again.content.decode()
    assert Assignment.objects.count() == 3
    assert "appliqué à compter du" in again.content.decode()


def test_another_employers_manager_and_the_territory_team_get_404(client, plan, scene, programme,
                                                                  team_user):
    other = Employer.objects.create(programme=programme, name="Autre EBE")
    client.force_login(make_user("other-manager", Role.EMPLOYER_MANAGER, employer=other))
    assert client.get(reverse("staffing:plan", args=[plan.public_id])).status_code == 404
    edit = reverse("staffing:plan_person", args=[plan.public_id, scene["mechanic"].public_id])
    assert client.get(edit).status_code == 404
    assert client.post(edit, lines_form([(f"{scene['bikes'].pk}:I1117", "1")])).status_code == 404
    assert client.post(reverse("staffing:plan_apply", args=[plan.public_id])).status_code == 404
    assert client.post(reverse("staffing:plan_need", args=[plan.public_id, 0])).status_code == 404
    assert not Assignment.objects.exists()
    client.force_login(team_user)
    assert client.get(reverse("staffing:plans")).status_code == 404
    assert client.post(reverse("staffing:plans"), {"territory": ""}).status_code == 404
    assert client.get(reverse("staffing:plan", args=[plan.public_id])).status_code == 404


def test_a_leftover_group_becomes_a_local_need(client, manager, territory, employer):
    make_running(territory, employer, "Atelier vélo", {"I1117": "35"}, km_east=60)  # out of reach
    people = [make_employee(territory, employer, skills=["A1414"], wishes=["A1414"], km_east=0)[0]
              for _ in range(2)]
    client.force_login(manager)
    client.post(reverse("staffing:plans"), {"territory": ""})
    plan = StaffingPlan.objects.get()
    page = client.get(reverse("staffing:plan", args=[plan.public_id])).content.decode()
    assert "Proposer ce besoin" in page and "premier filtre" in page
    url = reverse("staffing:plan_need", args=[plan.public_id, 0])
    response = client.post(url)
    need = LocalNeed.objects.get()
    assert response.url == reverse("activities:need", args=[need.public_id])
    assert need.territory == territory and need.proposed_by == "ebe_employees"
    assert "A1414" in need.title and "2 personnes" in need.description and "70 h" in need.description
    assert not any(p.last_name in need.description + need.title for p in people)
    assert client.post(url).url == response.url and LocalNeed.objects.count() == 1
    page = client.get(reverse("staffing:plan", args=[plan.public_id])).content.decode()
    assert "Besoin déjà proposé" in page


def test_a_group_over_two_territories_proposes_nothing(client, manager, territory, other_territory, employer):
    employer.territories.add(other_territory)
    for place in (territory, other_territory):
        make_employee(place, employer, skills=["A1414"], km_east=0)
    client.force_login(manager)
    client.post(reverse("staffing:plans"), {"territory": ""})
    plan = StaffingPlan.objects.get()
    page = client.get(reverse("staffing:plan", args=[plan.public_id])).content.decode()
    assert "vivent sur plusieurs territoires" in page and "Proposer ce besoin" not in page
    response = client.post(reverse("staffing:plan_need", args=[plan.public_id, 0]), follow=True)
    assert "plusieurs territoires" in response.content.decode() and not LocalNeed.objects.exists()


def build_scene(territory, employer, people: int):
    """``people`` employees over two activities, one of them out of reach, and two on the waiting list."""
    half = people // 2
    make_running(territory, employer, "Atelier vélo", {"I1117": str(35 * half)}, km_east=0)
    make_running(territory, employer, "Maraîchage", {"A1414": str(35 * half), "A1203": "17.5"}, km_east=2)
    for i in range(people - 1):
        make_employee(territory, employer, skills=["I1117" if i % 2 else "A1414"], wishes=["A1203"],
                      km_east=i % 3)
    make_employee(territory, employer, skills=["D1106"], km_east=60)
    for _ in range(2):
        make_person(territory, status=PersonStatus.WAITING, chosen_hours=Decimal("35"),
                    home_latitude=LOOS[0], home_longitude=LOOS[1], skill_codes=["A1203"])


def page_queries(client, user) -> int:
    client.force_login(user)
    client.post(reverse("staffing:plans"), {"territory": ""})
    plan = StaffingPlan.objects.visible_to(user).get()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staffing:plan", args=[plan.public_id])).status_code == 200
    assert plan.lines.count() >= 3
    return len(queries)


def test_the_plan_page_reads_in_as_many_queries_for_3_as_for_30_people(client, programme, territory,
                                                                       other_territory, employer, manager):
    build_scene(territory, employer, 3)
    small = page_queries(client, manager)
    bigger = Employer.objects.create(programme=programme, name="Grande EBE")
    bigger.territories.add(other_territory)
    build_scene(other_territory, bigger, 30)
    large = page_queries(client, make_user("big-manager", Role.EMPLOYER_MANAGER, employer=bigger))
    assert large == small, (small, large)
    assert small <= 20
