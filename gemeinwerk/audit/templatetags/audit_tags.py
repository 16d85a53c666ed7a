from django import template

from gemeinwerk.audit.labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label_of(action)
