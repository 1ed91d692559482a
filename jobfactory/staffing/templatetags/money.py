from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cents(value: int) -> str:
    """Integer cents as French euros: 1 823,03 €."""
    return f"{number_format(Decimal(value) / 100, 2, force_grouping=True)} €"
