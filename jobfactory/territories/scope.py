"""Who may see what: the one place that reads a user's role."""

from django.http import Http404

from jobfactory.territories.enums import HIRING_ROLES, PERSONAL_FILE_ROLES, Role


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def opens_personal_files(user) -> bool:
    return role_of(user) in PERSONAL_FILE_ROLES


def can_hire(user) -> bool:
    return role_of(user) in HIRING_ROLES


def can_register(user) -> bool:
    return role_of(user) in {Role.TERRITORY_TEAM, Role.EMPLOYER_MANAGER}


def require(user, allowed=None) -> None:
    """404 unless ``allowed(user)`` (when given): a page outside one's role looks missing, so that a
    user outside the scope learns nothing."""
    if allowed is not None and not allowed(user):
        raise Http404
