"""The console's navigation and the apps' panels, rendered into the console's pages."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from gemeinwerk.console import registry
from gemeinwerk.console.registry import ShownPanel

register = template.Library()


@register.inclusion_tag("console/_nav.html", takes_context=True)
def console_nav(context: template.Context) -> dict[str, Any]:
    return {"entries": registry.nav_for(context["request"])}


@register.simple_tag(takes_context=True)
def console_panel(context: template.Context, panel: ShownPanel) -> SafeString:
    """Like {% include %}: the page's context (csrf token, perms, member) plus the panel's."""
    if context.template is None:
        raise template.TemplateSyntaxError("console_panel renders only inside a template")
    panel_template = context.template.engine.get_template(panel.template_name)
    with context.push(panel.context):
        return panel_template.render(context)
