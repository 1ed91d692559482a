from django import template

from jobfactory.engines.planner_report import format_hours

register = template.Library()


@register.filter
def hours(units) -> str:
    """Half-hour units as French hours, kept on one line: 35 -> "17 h 30"."""
    return format_hours(units or 0).replace(" ", "\u00a0")
