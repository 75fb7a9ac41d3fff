from django import template

from network import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj):
    """``{% panels "region_page" region %}``: what other apps registered for the slot."""
    return registry.render(slot, context["request"], obj)
