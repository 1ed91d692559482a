"""The activities that would employ the people a plan leaves over.

The engine groups them by main skill and first wish; here each group gets an activity type with its
NAF codes, so that the committee's non-competition check can run on it: the NAF codes of the
programme's own activities that already employ that job when there are some (the employer's
practice), else the NAF divisions France Travail links to the job (ROME 4.0 sectors). For each code,
the active establishments of the SIRENE import in the territories and around them: a first filter,
the committee's judgement decides.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.activities.models import Activity
from jobfactory.engines.activity_pipeline import CLOSED, REFUSED
from jobfactory.establishments.evidence import evidence_source
from jobfactory.establishments.models import Establishment
from jobfactory.referentials import naf, rome

# Groups described in full on the page; the others are only counted.
DESCRIBED_GROUPS = 15
CODES_PER_GROUP = 3


def _job_label(code: str) -> str:
    job = rome.lookup(code) if code else None
    return job.label if job else ""


def _activity_types(scope, code: str) -> tuple[list[str], str]:
    """NAF codes for a job and where they come from."""
    activities = (Activity.objects.filter(territory__programme=scope.programme, skill_needs__rome_code=code)
                  .exclude(status__in=[REFUSED, CLOSED]).distinct().order_by("title"))
    codes, titles = [], []
    for activity in activities:
        titles.append(activity.title)
        codes.extend(c for c in activity.naf_codes if c not in codes)
    if codes:
        return codes[:CODES_PER_GROUP], _("comme les activités : %(titles)s") % {
            "titles": ", ".join(f"« {t} »" for t in titles[:3])}
    job = rome.lookup(code)
    divisions = sorted(job.naf_divisions) if job else []
    return divisions[:CODES_PER_GROUP], _("secteurs NAF liés au métier (ROME 4.0, France Travail)")


def _establishment_counts(scope, communes: list[str]) -> Counter:
    """Active establishments of the programme's SIRENE import in ``communes``, by NAF sub-class and
    by division, in one query."""
    rows = (Establishment.objects.filter(programme=scope.programme, is_active=True, commune_code__in=communes)
            .values_list("naf_rev2").annotate(n=Count("pk")))
    counts = Counter()
    for code, n in rows:
        counts[code] += n
        counts[code[:2]] += n
    return counts


def establishments_source(scope) -> dict | None:
    """Where the counts come from, for the page: the SIRENE file and the day it was imported."""
    source = evidence_source(scope.programme)
    if source is None:
        return None
    return {"file": source.source_name, "imported_on": f"{timezone.localdate(source.started_at):%d/%m/%Y}"}


def describe_groups(scope, groups, data) -> list[dict]:
    """The plan's stored description of the leftover groups (no name: internal person ids only)."""
    territories = scope.territories()
    communes = sorted({*territories.values_list("communes__insee_code", flat=True),
                       *territories.values_list("surrounding_communes__insee_code", flat=True)} - {None})
    counts = _establishment_counts(scope, communes)
    described = []
    for group in groups[:DESCRIBED_GROUPS]:
        job = group.wish or group.skill_code
        codes, source = _activity_types(scope, job) if job else ([], "")
        described.append({
            "skill_code": group.skill_code, "skill_label": _job_label(group.skill_code),
            "wish_code": group.wish, "wish_label": _job_label(group.wish),
            "people": group.people, "waiting_people": group.waiting_people,
            "no_candidate_people": group.no_candidate_people, "unplaced_units": group.unplaced_units,
            "person_ids": list(group.person_ids),
            "job_code": job, "job_label": _job_label(job), "source": source,
            "naf": [{"code": c, "label": naf.label(c), "establishments": counts[c]} for c in codes],
        })
    rest = groups[DESCRIBED_GROUPS:]
    if rest:
        described.append({"others": True, "groups": len(rest), "people": sum(g.people for g in rest),
                          "unplaced_units": sum(g.unplaced_units for g in rest)})
    return described
