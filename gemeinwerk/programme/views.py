"""The facility programme's public pages (/facilities/): a facility registers its one
account, activates it by the link the programme office's approval sent, and its
manager sees "My facility".

The registration page works without JavaScript: choosing the organisation is a GET
form that reloads the page with its facilities (`?organisation=<pk>`); with htmx the
facility list alone is replaced when the organisation changes."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.core.ratelimit import attempt, client_key
from gemeinwerk.programme import overview_selectors, profile_selectors, profile_views, selectors
from gemeinwerk.programme.forms import OrganisationForm, RegistrationForm
from gemeinwerk.programme.models import FacilityAccount
from gemeinwerk.programme.services import registration
from gemeinwerk.programme.services.registration import ActivationProblem

# Registrations sent from one client address per hour (a facility needs one; a few
# more for mistakes and for a shared office connection).
REGISTRATIONS_PER_HOUR = 10


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """What the programme is and how a facility takes part: the way to registration."""
    user = request.user
    return render(
        request,
        "programme/about.html",
        {
            "office": settings.PROGRAMME_OFFICE_EMAIL,
            "criteria": overview_selectors.tier_criteria(),
            "weeks": settings.PROGRAMME_EVALUATION_WEEKS,
            "facility_manager": user.is_authenticated
            and may(user, "programme.use_facility_account"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    # The organisation comes with the page's address (step one's GET form, or htmx), and
    # with the registration form's hidden field when it is sent.
    source = request.POST if request.method == "POST" else request.GET
    organisation_form = OrganisationForm(source if source.get("organisation") else None)
    organisation = organisation_form.chosen()
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and not attempt(
        "facility-registration",
        client_key(request),
        limit=REGISTRATIONS_PER_HOUR,
        window_seconds=3600,
    ):
        # Counted before anything is looked at: a script cannot create accounts in bulk.
        form.is_valid()
        form.add_error(
            None, _("Too many registrations from your connection. Please try again in an hour.")
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.register(
                facility=data["facility"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password1"],
                informal_name=data["informal_name"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("programme:registered")
    context = {
        "organisation_form": organisation_form,
        "organisation": organisation,
        "form": form,
    }
    if request.headers.get("HX-Request"):
        return render(request, "programme/registration/register.html#facility-step", context)
    return render(request, "programme/registration/register.html", context)


@require_safe
def registered(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programme/registration/registered.html",
        {"office": settings.PROGRAMME_OFFICE_EMAIL},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the approval e-mail. Opening it changes nothing: the button does."""
    try:
        if request.method == "POST":
            registration.activate(token=token)
            messages.success(
                request,
                _("Your facility's account is active. Please sign in with your e-mail address."),
            )
            return redirect("account_login")
        account = registration.account_for_token(token)
    except ActivationProblem as problem:
        return render(
            request,
            "programme/registration/activation_problem.html",
            {"problem": problem.kind, "office": settings.PROGRAMME_OFFICE_EMAIL},
            status=400 if problem.kind == "invalid" else 410,
        )
    return render(request, "programme/registration/activate.html", {"account": account})


@login_required
@require_safe
def mine(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "programme.use_facility_account")
    account = selectors.facility_account_of(request.user)
    profile = profile_selectors.profile_of(account.facility) if account else None
    return render(
        request,
        "programme/mine.html",
        {
            "account": account,
            "user": request.user,
            "profile": profile,
            "logo_url": profile_views.logo_url(profile),
            "tier_history": overview_selectors.tier_history(account.facility) if account else [],
        },
    )


def explain_inactive(request: HttpRequest, user: Any) -> HttpResponse | None:
    """Registered with accounts.hooks.on_inactive_sign_in: a facility's manager who
    signs in before the account is active is told where the registration stands."""
    account = FacilityAccount.objects.filter(user=user).select_related("facility").first()
    if account is None or registration.was_activated(account.user):
        # Made inactive after it was activated: not ours to explain.
        return None
    return render(
        request,
        "programme/registration/not_yet.html",
        {"account": account, "office": settings.PROGRAMME_OFFICE_EMAIL},
    )
