"""What the plan page shows, read in a fixed number of queries whatever the number of lines.

The figures are recomputed from the stored lines, so that they follow a manager's edits; the engine's
own figures at computation stay in ``plan.summary``. Explanations come from the stored criteria of
each line (engines.planner_report.describe_assignment).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from jobfactory.activities.models import Activity
from jobfactory.engines.planner_report import describe_assignment
from jobfactory.referentials import rome
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.models import Assignment, PlanLine, PlanPost, PlanShortfall, StaffingPlan
from jobfactory.staffing.plan_changes import (
    CHANGE_LABELS,
    HOURS,
    MOVED,
    NEW,
    REMOVED,
    UNCHANGED,
    plan_changes,
)

# The activities drawn in the chart: the largest needs, the others are only counted.
CHART_ACTIVITIES = 40
# "17 h 30", "0,5 km": a number and its unit stay on one line.
UNIT_SPACE = re.compile(r"(?<=\d) (?=h\b|km\b|\d)|(?<=\bh) (?=\d)")


def job_label(code: str) -> str:
    job = rome.lookup(code) if code else None
    return job.label if job else ""


def post_label(post: PlanPost) -> str:
    """« Activité – métier » as the edit page's choices and the differences show it."""
    return f"{post.activity.title} – {post.rome_code} {job_label(post.rome_code)}".strip()


@dataclass
class LineRow:
    line: PlanLine
    sentence: str

    @property
    def waiting(self) -> bool:
        return self.line.contract_id is None


@dataclass
class JobRow:
    post: PlanPost
    label: str
    rows: list[LineRow] = field(default_factory=list)

    @property
    def missing_units(self) -> int:
        """What neither the people under contract nor the planned hires fill."""
        return max(self.post.need_units - self.post.filled_units - self.post.sizing_units, 0)


@dataclass
class ActivityBlock:
    activity: Activity
    jobs: list[JobRow] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(job.post, name) for job in self.jobs)

    @property
    def need_units(self) -> int:
        return self.total("need_units")

    @property
    def filled_units(self) -> int:
        return self.total("filled_units")

    @property
    def sizing_units(self) -> int:
        return self.total("sizing_units")


@dataclass
class ChangeRow:
    change: object  # plan_changes.PersonChange
    before: list[tuple[str, int]]
    after: list[tuple[str, int]]


def fully_placed(plan: StaffingPlan, short_contracts: int) -> int:
    """The people under contract at computation, less those the plan leaves short of hours: the
    list and the plan page count them alike, after any edits."""
    return (plan.summary or {}).get("contract_people", 0) - short_contracts


def _lines(plan: StaffingPlan) -> list[PlanLine]:
    return list(plan.lines.select_related("person__territory", "contract").order_by(
        "activity_id", "rome_code", "waiting_rank", "person__last_name", "person__first_name", "pk"))


def _explained(lines: list[PlanLine]) -> dict[int, str]:
    count, total = Counter(), Counter()
    for line in lines:
        count[line.person_id] += 1
        total[line.person_id] += line.units
    return {line.pk: UNIT_SPACE.sub("\u00a0", describe_assignment(
        skill_match=line.skill_match, wish_match=line.wish_match, km=line.km, kept=bool(line.kept_units),
        units=line.units, person_units=total[line.person_id], split=count[line.person_id] > 1,
        waiting_rank=line.waiting_rank if line.contract_id is None else None)) for line in lines}


def _blocks(posts: list[PlanPost], lines: list[PlanLine]) -> list[ActivityBlock]:
    sentences = _explained(lines)
    jobs = {(p.activity_id, p.rome_code): JobRow(p, job_label(p.rome_code)) for p in posts}
    for line in lines:
        job = jobs.get((line.activity_id, line.rome_code))
        if job is not None:
            job.rows.append(LineRow(line, sentences[line.pk]))
    blocks: dict[int, ActivityBlock] = {}
    for post in posts:
        job = jobs[(post.activity_id, post.rome_code)]
        # People under contract first, by name; then the waiting list in its order.
        job.rows.sort(key=lambda r: (r.waiting, r.line.waiting_rank or 0))
        blocks.setdefault(post.activity_id, ActivityBlock(post.activity)).jobs.append(job)
    return sorted(blocks.values(), key=lambda b: b.activity.title.lower())


def _changes(plan: StaffingPlan, on: date, titles: dict[int, str]):
    changes = [c for c in plan_changes(plan, on) if c.kind != UNCHANGED]
    missing = {a for c in changes for a, _r in c.before if a not in titles}
    titles = {**titles, **dict(Activity.objects.filter(pk__in=missing).values_list("pk", "title"))}

    def labelled(units_by_job):
        return [(f"{titles.get(a, '?')} – {r} {job_label(r)}".strip(), u)
                for (a, r), u in sorted(units_by_job.items(), key=lambda i: titles.get(i[0][0], ""))]

    rows = [ChangeRow(c, labelled(c.before), labelled(c.after)) for c in changes]
    counts = Counter(c.kind for c in changes)
    kinds = [(str(CHANGE_LABELS[k]), counts[k]) for k in (NEW, MOVED, HOURS, REMOVED) if counts[k]]
    return rows, kinds, counts[MOVED]


def _figures(plan: StaffingPlan, posts, lines, shortfalls, moved) -> dict:
    summary = plan.summary or {}
    contract_lines = [line for line in lines if line.contract_id is not None]
    per_person = Counter(line.person_id for line in lines)
    contract_people = summary.get("contract_people", 0)
    return {
        "contract_people": contract_people,
        "fully_placed": fully_placed(plan, sum(1 for s in shortfalls if s.contract_id is not None)),
        "placed_units": sum(line.units for line in contract_lines),
        "chosen_units": summary.get("contract_chosen_units", 0),
        "need_units": sum(p.need_units for p in posts),
        "sizing_units": sum(line.units for line in lines if line.contract_id is None),
        "waiting_people": summary.get("waiting_people", 0),
        "moved": moved,
        "split": sum(1 for n in per_person.values() if n > 1),
        "solver_s": summary.get("solver_s"),
    }


def _chart(blocks: list[ActivityBlock]) -> tuple[list[ActivityBlock], int, int]:
    largest = sorted(blocks, key=lambda b: -b.need_units)[:CHART_ACTIVITIES]
    top = max((max(b.need_units, b.filled_units + b.sizing_units) for b in largest), default=0)
    return sorted(largest, key=lambda b: b.activity.title.lower()), top, len(blocks) - len(largest)


def _groups(plan: StaffingPlan, people) -> list[dict]:
    """The leftover groups, each with the one territory a need could be proposed in (or None).
    ``people``: the plan's people, their territory loaded (a group's people all have a line or a
    shortfall)."""
    territory_of = {p.pk: p.territory for p in people}
    groups = []
    for index, group in enumerate(plan.leftover_groups):
        if group.get("others"):
            groups.append({**group, "index": index})
            continue
        if plan.territory_id:
            territory = plan.territory
        else:
            found = {territory_of[pid].pk: territory_of[pid] for pid in group["person_ids"]
                     if pid in territory_of}
            territory = next(iter(found.values())) if len(found) == 1 else None
        groups.append({**group, "index": index, "territory": territory})
    return groups


def plan_page(plan: StaffingPlan, on: date) -> dict:
    """The plan page's context, and ``people``: every person it names (for the access log)."""
    posts = list(plan.posts.select_related("activity").order_by("activity__title", "rome_code"))
    lines = _lines(plan)
    shortfalls = list(PlanShortfall.objects.filter(plan=plan).select_related("person__territory", "contract")
                      .order_by("waiting_rank", "person__last_name", "person__first_name", "pk"))
    blocks = _blocks(posts, lines)
    titles = {p.activity_id: p.activity.title for p in posts}
    proposed = plan.status == PlanStatus.PROPOSED
    changes, kinds, moved = _changes(plan, on, titles) if proposed else ([], [], None)
    planned = {line.person.pk: line.person for line in lines}
    planned.update((s.person.pk, s.person) for s in shortfalls)
    people = {c.change.contract.person.pk: c.change.contract.person for c in changes}
    people.update(planned)
    chart, chart_max, chart_rest = _chart(blocks)
    reasons = dict(ShortfallReason.choices)
    return {
        "figures": _figures(plan, posts, lines, shortfalls, moved),
        "blocks": blocks,
        "changes": changes, "change_kinds": kinds,
        "applied_people": (Assignment.objects.filter(plan=plan).order_by().values("contract_id")
                           .distinct().count() if plan.status == PlanStatus.APPLIED else None),
        "shortfalls": [(s, reasons.get(s.reason, s.reason)) for s in shortfalls],
        "short_jobs": [(block.activity, job) for block in blocks for job in block.jobs if job.missing_units],
        "groups": _groups(plan, planned.values()),
        "chart": chart, "chart_max": chart_max, "chart_rest": chart_rest,
        "people": list(people.values()),
        "multi_territory": plan.territory_id is None and len({p.territory_id for p in planned.values()}) > 1,
    }
