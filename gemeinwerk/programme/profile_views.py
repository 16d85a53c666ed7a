"""The facility's manager edits the facility's profile (/facilities/mine/profile/).

The description's editor is a script on top of a plain text area: without JavaScript
the same HTML is typed there and saved the same way."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.programme import profile_selectors, selectors
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.profile_forms import FacilityProfileForm
from gemeinwerk.programme.services.profile import save_profile

LOGO_MAX_AGE = 60 * 60


def logo_version(profile: FacilityProfile) -> str:
    """Changes with every new logo (each gets a new random name) without revealing it."""
    return hashlib.sha256((profile.logo.name or "").encode()).hexdigest()[:16]


def logo_url(profile: FacilityProfile | None) -> str:
    if profile is None or not profile.logo:
        return ""
    return f"{reverse('programme:profile_logo')}?v={logo_version(profile)}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "programme.use_facility_account")
    account = selectors.facility_account_of(request.user)
    if account is None:
        raise PermissionDenied
    require(request.user, "programme.edit_profile", account.facility)
    current = profile_selectors.starting_profile(account, request.user)
    if request.method == "POST":
        form = FacilityProfileForm(request.POST, request.FILES, profile=current)
        if form.is_valid():
            try:
                save_profile(
                    actor=request.user,
                    facility=account.facility,
                    logo_upload=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                    **form.profile_data(),
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The facility's profile is saved."))
                return redirect("programme:mine")
    else:
        form = FacilityProfileForm(profile=current)
    return render(
        request,
        "programme/profile.html",
        {
            "form": form,
            "account": account,
            "profile": current,
            "first_time": current.completed_at is None,
            "logo_url": logo_url(current),
        },
    )


@login_required
@require_safe
def logo(request: AuthenticatedRequest) -> HttpResponse:
    """The logo of the manager's own facility, as the profile shows it."""
    require(request.user, "programme.use_facility_account")
    account = selectors.facility_account_of(request.user)
    current = profile_selectors.profile_of(account.facility) if account else None
    if current is None or not current.logo:
        raise Http404
    etag = f'"{logo_version(current)}"'
    headers = {
        "Cache-Control": f"private, max-age={LOGO_MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
        "ETag": etag,
    }
    if etag in request.headers.get("if-none-match", ""):
        return HttpResponseNotModified(headers=headers)
    try:
        with current.logo.open("rb") as handle:
            # Our own re-encoded JPEG of at most 512x512 (accounts.pictures).
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    return HttpResponse(content, content_type="image/jpeg", headers=headers)
