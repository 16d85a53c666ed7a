"""`{% may "app.action" obj as var %}`: the same named rule as the view asks (core.permissions)."""

from typing import Any

from django import template

from gemeinwerk.core.permissions import may as may_rule

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, name: str, obj: Any = None) -> bool:
    return may_rule(context["request"].user, name, obj)
