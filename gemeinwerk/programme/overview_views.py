"""The programme overview in the staff console (/staff/programme/overview/): the
counts of what waits for the programme office, the tier distribution, the current
cycle, reservations by status; the lists behind the counts and their CSV exports
(UTF-8 with a BOM so spreadsheets read Polish letters, `;` between cells, cells that a
spreadsheet would take for a formula prefixed with a quote)."""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import require
from gemeinwerk.programme import evaluation_selectors, rewards_selectors
from gemeinwerk.programme import overview_selectors as selectors
from gemeinwerk.programme.models_evaluation import Tier

VIEW = "programme.view_dashboard"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def _reservations_url() -> str | None:
    try:
        return reverse("staff:rewards:reservations")
    except NoReverseMatch:
        return None


def _label() -> str:
    cycle = selectors.current_cycle()
    return cycle.label if cycle else evaluation_selectors.cycle_of()


@console
@require_safe
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    return render(
        request,
        "programme/overview/dashboard.html",
        {"overview": selectors.overview(), "reservations_url": _reservations_url()},
    )


@console
@require_safe
def facilities(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    tier = request.GET.get("tier", "")
    tier = tier if tier in Tier.values else ""
    return render(
        request,
        "programme/overview/facilities.html",
        {
            "facilities": selectors.facilities_with_tier(tier or None),
            "tier": Tier(tier).label if tier else "",
        },
    )


@console
@require_safe
def cycle(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    label = _label()
    return render(
        request,
        "programme/overview/cycle.html",
        {
            "cycle": selectors.current_cycle(),
            "label": label,
            "evaluations": selectors.cycle_evaluations(label),
        },
    )


@console
@require_safe
def facilities_csv(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    return csv_response(
        "facilities.csv",
        [
            _("Operating organisation"),
            _("Facility"),
            _("Number on the official list"),
            _("District"),
            _("Tier"),
        ],
        (
            [f.organisation.name, f.name, f.number, f.district, Tier(f.tier).label]  # type: ignore[attr-defined]
            for f in selectors.facilities_with_tier()
        ),
    )


@console
@require_safe
def registrations_csv(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    return csv_response(
        "registrations.csv",
        [
            _("Operating organisation"),
            _("Facility"),
            _("Manager"),
            _("E-mail address"),
            _("Registered"),
        ],
        (
            [
                a.facility.organisation.name,
                a.facility.name,
                f"{a.manager_first_name} {a.manager_last_name}",
                a.user.email,
                a.registered_at.date().isoformat(),
            ]
            for a in selectors.registrations_waiting()
        ),
    )


@console
@require_safe
def evaluations_csv(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    label = _label()
    return csv_response(
        f"evaluations-{label}.csv",
        [
            _("Operating organisation"),
            _("Facility"),
            _("Cycle"),
            _("Status"),
            _("Score"),
            _("Tier"),
        ],
        (
            [
                e.facility.organisation.name,
                e.facility.name,
                e.cycle,
                e.get_status_display(),
                "" if e.score is None else e.score,
                e.get_final_tier_display(),
            ]
            for e in selectors.cycle_evaluations(label)
        ),
    )


@console
@require_safe
def reservations_csv(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, VIEW)
    return csv_response(
        "reservations.csv",
        [
            _("Operating organisation"),
            _("Facility"),
            _("Reward"),
            _("Cycle"),
            _("Quantity"),
            _("Status"),
            _("Reserved"),
        ],
        (
            [
                r.facility.organisation.name,
                r.facility.name,
                r.reward.title,
                r.cycle,
                r.quantity,
                r.get_status_display(),
                r.reserved_at.date().isoformat(),
            ]
            for r in rewards_selectors.all_reservations()
        ),
    )
