"""Forms render with KERN markup: the renderer picks our templates, the mixin adds classes."""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "kern-form-check__checkbox"),
    (forms.RadioSelect, "kern-form-check__radio"),
    (forms.CheckboxSelectMultiple, "kern-form-check__checkbox"),
    (forms.Select, "kern-form-input__select"),
    (forms.Textarea, "kern-form-input__input"),
    (Input, "kern-form-input__input"),
]


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class KernFormMixin:
    """Give every widget the KERN class for its kind."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            for widget_type, css_class in WIDGET_CLASSES:
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css_class}".strip()
                    break
