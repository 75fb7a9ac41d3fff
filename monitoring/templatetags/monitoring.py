from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def plnumber(value):
    """A number in the reader's format with thousands grouped (Polish: 1 234,5); "–" for
    none. Whole numbers show no decimals."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        value = (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
    return number_format(value, force_grouping=True)


@register.simple_tag
def field_of(form, kind: str, code: str):
    """The bound field ``<kind>-<code>`` of the report's grid."""
    return form[f"{kind}-{code}"]
