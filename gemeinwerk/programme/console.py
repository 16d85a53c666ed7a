"""What the facility programme brings to the staff console: the registry of facilities
and the registrations waiting for a decision. Registered from ProgrammeConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("programme/overview/", "gemeinwerk.programme.overview_urls")
    register_nav(
        "staff:overview:dashboard",
        _("Programme overview"),
        permission="programme.view_dashboard",
        order=83,
    )
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
    register_urls("programme/rewards/", "gemeinwerk.programme.rewards_urls")
    register_nav(
        "staff:rewards:reservations",
        _("Reward basket"),
        permission="programme.manage_rewards",
        order=87,
    )
    register_urls("programme/evaluations/", "gemeinwerk.programme.evaluation_urls")
    register_nav(
        "staff:evaluations:waiting",
        _("Evaluations to accept"),
        permission="programme.review_evaluations",
        order=88,
    )
