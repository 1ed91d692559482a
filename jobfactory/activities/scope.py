"""Who may see and change activities: they hold no personal data, but stay within the user's territories."""

from jobfactory.territories.enums import Role
from jobfactory.territories.scope import role_of

# Committee members and the programme see activities and decisions, never a volunteer's file.
READ_ROLES = frozenset({Role.TERRITORY_TEAM, Role.EMPLOYER_MANAGER, Role.COMMITTEE_MEMBER,
                        Role.PROGRAMME_OFFICER, Role.ADMINISTRATOR})
EDIT_ROLES = frozenset({Role.TERRITORY_TEAM, Role.EMPLOYER_MANAGER})
# The project team is the committee's secretariat: it prepares meetings and writes the decisions.
SECRETARIAT_ROLES = frozenset({Role.TERRITORY_TEAM})


def can_read_activities(user) -> bool:
    return role_of(user) in READ_ROLES


def can_edit_activities(user) -> bool:
    return role_of(user) in EDIT_ROLES


def can_run_meetings(user) -> bool:
    return role_of(user) in SECRETARIAT_ROLES
