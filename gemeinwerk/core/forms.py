"""Forms render with KERN UX markup: this renderer picks the platform's form and field
templates, and the widget templates in core/templates/django/forms/widgets/ give every
input, select and checkbox its KERN class, for our forms and allauth's alike."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: errors about a field at the field
    when the form has it, all others at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
