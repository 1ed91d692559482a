from jobfactory.audit.models import AccessLog


def record(user, action, person=None, detail="", persons=None):
    """Write one line per person touched. `detail` must never hold a name."""
    people = list(persons) if persons is not None else ([person] if person is not None else [None])
    AccessLog.objects.bulk_create([
        AccessLog(user=user if user and user.is_authenticated else None,
                  username=getattr(user, "username", "") or "",
                  action=action,
                  person_public_id=getattr(p, "public_id", None),
                  detail=detail[:300])
        for p in people
    ])
