"""Reported messages in the staff console (/staff/chat/): staff see the reported
message and the person who wrote it, and decide. They never see the conversation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.chat import selectors, services
from gemeinwerk.chat.models import Outcome, Report
from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import require


@console
@require_safe
def reports(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "chat.moderate")
    return render(
        request,
        "chat/office/reports.html",
        {
            "open": list(selectors.open_reports()),
            "decided": list(selectors.decided_reports()[:20]),
        },
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "chat.moderate")
    report = get_object_or_404(
        Report.objects.select_related("reported__profile", "decided_by"), pk=pk
    )
    if request.method == "POST":
        try:
            services.decide_report(
                staff=request.user, report=report, outcome=request.POST.get("outcome", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decided. The person who reported it is told."))
            return redirect("staff:chat:reports")
    return render(
        request,
        "chat/office/report.html",
        {
            "report": report,
            "reported_name": selectors.name_of(report.reported),
            "outcomes": Outcome.choices,
            "others": Report.objects.filter(reported=report.reported).exclude(pk=report.pk).count(),
        },
    )
