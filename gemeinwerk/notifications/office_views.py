"""Staff mark a notification passed on to an assisted member without e-mail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import may
from gemeinwerk.notifications import services
from gemeinwerk.notifications.models import Notification


@console
@require_POST
def passed_on(request: HttpRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.select_related("recipient").filter(pk=pk).first()
    # Someone else's notification and one that does not exist look the same.
    if notification is None or not may(
        request.user, "notifications.pass_on", notification.recipient
    ):
        raise Http404
    try:
        services.pass_on(staff=request.user, notification=notification)
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    messages.success(request, _("Marked as passed on."))
    return redirect("staff:member", public_id=notification.recipient.public_id)
