"""What the facility programme brings to the staff console: the registry of facilities
and the registrations waiting for a decision. Registered from ProgrammeConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("programme/registry/", "gemeinwerk.programme.registry_urls")
    register_nav(
        "staff:registry:organisations",
        _("Facility registry"),
        permission="programme.manage_registry",
        order=84,
    )
    register_urls("programme/registrations/", "gemeinwerk.programme.registration_urls")
    register_nav(
        "staff:registrations:waiting",
        _("Facility registrations"),
        permission="programme.decide_registrations",
        order=86,
    )
