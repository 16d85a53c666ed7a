"""The member's own pages: account overview, verification, sessions, data and leaving."""

import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk.accounts import personal_data, selectors
from gemeinwerk.accounts.forms import DeleteAccountForm, VerificationRequestForm
from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.services import assisted as assisted_services
from gemeinwerk.accounts.services import leaving, sessions
from gemeinwerk.accounts.services import trust as trust_services
from gemeinwerk.accounts.sessions import SEEN_KEY
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error


@allowed_while_acting
@login_required
@require_safe
def overview(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user
    context: dict[str, Any] = {
        "member": member,
        "open_request": selectors.open_verification_request(member),
        "verification": selectors.latest_verification(member),
        "assisted": selectors.assisted_account(member),
        "acted_for": selectors.acted_for_events(member),
    }
    if member.trust_level == TrustLevel.UNVERIFIED:
        context["contact_points"] = selectors.contact_points_for(member)
    return render(request, "accounts/overview.html", context)


@allowed_while_acting
@login_required
def verification(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user
    if member.trust_level != TrustLevel.UNVERIFIED:
        return redirect("me:overview")
    open_request = selectors.open_verification_request(member)
    initial = {"contact_point": request.GET.get("contact_point")} if not open_request else None
    form = VerificationRequestForm(request.POST or None, instance=None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            trust_services.request_verification(member=member, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Your request has been sent. The team will contact you or expect you."),
            )
            return redirect("me:overview")
    return render(
        request,
        "accounts/verification_request.html",
        {"form": form, "open_request": open_request},
    )


@allowed_while_acting
@login_required
@require_POST
def verification_withdraw(request: AuthenticatedRequest) -> HttpResponse:
    if trust_services.withdraw_verification_request(member=request.user):
        messages.success(request, _("Your request has been withdrawn."))
    return redirect("me:overview")


@allowed_while_acting
@login_required
@require_POST
def consent_withdraw(request: AuthenticatedRequest) -> HttpResponse:
    if selectors.assisted_account(request.user) is not None:
        assisted_services.withdraw_consent(member=request.user)
        messages.success(request, _("Staff can no longer act for you."))
    return redirect("me:overview")


@login_required
@require_safe
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.sessions_of(request.user, current_key=request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": rows})


@login_required
@require_POST
def session_end(request: AuthenticatedRequest) -> HttpResponse:
    key = selectors.session_key_for_handle(request.user, request.POST.get("session", ""))
    if key is not None and key != request.session.session_key:
        sessions.end_session(user=request.user, session_key=key)
        messages.success(request, _("The session has been ended."))
    return redirect("me:sessions")


@login_required
@require_POST
def sessions_end_others(request: AuthenticatedRequest) -> HttpResponse:
    count = sessions.end_other_sessions(user=request.user, current_key=request.session.session_key)
    messages.success(
        request,
        _("All other sessions have been ended.") if count else _("There were no other sessions."),
    )
    return redirect("me:sessions")


@allowed_while_acting(changes_for_the_person=False)
@login_required
@require_POST
def session_extend(request: AuthenticatedRequest) -> HttpResponse:
    """Called from the "stay signed in" dialog: counts as activity."""
    request.session[SEEN_KEY] = time.time()
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_SECONDS})


@login_required
@require_safe
def export(request: AuthenticatedRequest) -> HttpResponse:
    data = personal_data.export_data(request.user)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="gemeinwerk-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        leaving.delete_account(user=user)
        messages.success(request, _("Your account and all your data have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})
