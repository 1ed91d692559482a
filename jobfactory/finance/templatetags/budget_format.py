"""Budget figures in French: euros from cents, FTE and percentages with a decimal comma."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()

MINUS = "\u2212"


@register.filter
def euros(value, places=0) -> str:
    """Integer cents as French euros, whole by default: 182303 -> "1 823 €"; "—" for None."""
    if value is None or value == "":
        return "—"
    places = int(places)
    amount = (Decimal(value) / 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = number_format(abs(amount), places, force_grouping=True)
    return f"{MINUS if amount < 0 else ''}{text}\u00a0€"


@register.filter
def amount(value) -> str:
    """Integer cents as whole euros without the sign, for tables headed « en euros »."""
    return euros(value).removesuffix("\u00a0€")


@register.filter
def fte(value, places=2) -> str:
    """FTE with a decimal comma: Decimal("12.3456") -> "12,35"."""
    if value is None or value == "":
        return "—"
    return number_format(Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP),
                         int(places), force_grouping=True)


@register.filter
def percent(value) -> str:
    """A percentage without useless zeros: Decimal("95.00") -> "95 %", Decimal("15.5") -> "15,5 %"."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(value).normalize():f}".replace(".", ",")
    return f"{text}\u00a0%"

