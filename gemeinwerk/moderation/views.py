"""Reporting something to staff (/report/<kind>/<pk>/): any app links here for its
reportable things. Whoever may not report a thing, or asks for one that does not exist,
gets "not found": a report page must not tell who or what exists."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may
from gemeinwerk.moderation import kinds, services
from gemeinwerk.moderation.forms import ReportForm


def _reportable(user: Any, key: str, pk: int) -> tuple[kinds.ReportKind, Any]:
    try:
        kind = kinds.get(key)
    except KeyError:
        raise Http404 from None
    obj = kind.load(pk)
    if obj is None or not may(user, kind.permission, obj):
        raise Http404
    return kind, obj


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    registered, obj = _reportable(request.user, kind, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user,
                kind=registered.key,
                obj=obj,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("moderation:thanks")
    return render(
        request,
        "moderation/report.html",
        {"label": registered.label, "snapshot": registered.snapshot(obj), "form": form},
    )


@login_required
@require_safe
def thanks(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "moderation/thanks.html")
