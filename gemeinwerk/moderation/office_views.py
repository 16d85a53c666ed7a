"""Reports in the staff console (/staff/moderation/): the queue of reported things and
one thing with all its reports, where staff decide. Staff see the copy each report
took and who is responsible, never a conversation around a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.moderation import kinds, selectors, services
from gemeinwerk.moderation.forms import DecisionForm
from gemeinwerk.moderation.models import Report


@console
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "moderation.moderate")
    show_decided = request.GET.get("show") == "decided"
    return render(
        request,
        "moderation/office/queue.html",
        {
            "show_decided": show_decided,
            "entries": [] if show_decided else selectors.queue(),
            "decided": selectors.decided() if show_decided else [],
        },
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "moderation.moderate")
    report = get_object_or_404(
        Report.objects.select_related("reported__profile", "decided_by"), pk=pk
    )
    try:
        kind = kinds.get(report.kind)
    except KeyError:
        # The app that registered it is gone: nothing left to judge or act on.
        raise Http404 from None
    obj = kind.load(report.object_id)
    offered = services.decisions_for(kind, obj, report.reported) if report.is_open else []
    form = DecisionForm(
        request.POST or None, choices=[(choice.value, choice.label) for choice in offered]
    )
    if request.method == "POST":
        if not report.is_open:
            # No form on a decided report's page: the page says it at the top.
            messages.error(request, _("This report has been decided already."))
        elif form.is_valid():
            try:
                services.decide(
                    staff=request.user,
                    report=report,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            except PermissionDenied:
                form.add_error(
                    None,
                    _(
                        "You cannot suspend this person: nobody decides on themselves, "
                        "and people who hold a role only an admin suspends."
                    ),
                )
            else:
                messages.success(request, _("Decided. The people who reported it are told."))
                return redirect("staff:moderation:queue")
    return render(
        request,
        "moderation/office/report.html",
        {
            "report": report,
            "label": kind.label,
            "reports": selectors.together(report),
            "gone": obj is None,
            "hidden": kind.hidden(obj),
            "staff_link": kind.staff_link(obj) if obj is not None and kind.staff_link else "",
            "others": selectors.reports_about(report.reported, other_than=report),
            "form": form if offered else None,
        },
    )
