"""The person page's « effect on public finances » block (rendered only where the file is open)."""

from django import template

from jobfactory.engines import costing
from jobfactory.finance.ledger import SCENARIOS, before_used
from jobfactory.finance.models import PersonCosting

register = template.Library()


@register.filter
def euros(cents):
    if cents is None:
        return "–"
    return f"{cents / 100:,.2f} €".replace(",", " ").replace(".", ",")


@register.inclusion_tag("finance/person_effect.html")
def person_effect(person):
    row = (PersonCosting.objects.filter(person=person).select_related("run")
           .order_by("-run__computed_at").first())
    if row is None:
        return {"row": None}
    used = before_used(row.computed["before"], row.declared)
    lines = []
    for item in costing.ITEMS:
        values = [row.computed[name][item.key] for name in SCENARIOS if name != "before"]
        before = used[item.key]
        change = (before - values[-1]) if item.side == "spending" else (values[-1] - before)
        if not any(values) and not before and not row.computed["before"][item.key]:
            continue
        lines.append({"label": item.label, "side": item.side, "before": before,
                      "computed_before": row.computed["before"][item.key],
                      "declared": item.key in row.declared, "after": values, "change": change})
    return {"row": row, "lines": lines}
