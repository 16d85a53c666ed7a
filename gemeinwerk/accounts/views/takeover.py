"""Taking over an assisted account: the person adds their own e-mail and password."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gemeinwerk.accounts.forms import TakeoverForm
from gemeinwerk.accounts.services.assisted import TakeoverRefused, take_over
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.ratelimit import attempt, client_key, data_key

# Codes have about 59 bits; five tries per ten minutes keep guessing hopeless.
ATTEMPTS, WINDOW_SECONDS = 5, 600


def takeover(request: HttpRequest) -> HttpResponse:
    form = TakeoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username_key = data_key(form.cleaned_data["username"])
        if not (
            attempt("takeover", client_key(request), limit=ATTEMPTS, window_seconds=WINDOW_SECONDS)
            and attempt(
                "takeover-user", username_key, limit=ATTEMPTS, window_seconds=WINDOW_SECONDS
            )
        ):
            form.add_error(None, _("Too many attempts. Please wait ten minutes."))
        else:
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    user = take_over(
                        username=data["username"],
                        code=data["code"],
                        email=data["email"],
                        password=data["password1"],
                    )
                    # The confirmation e-mail is queued in the same transaction.
                    EmailAddress.objects.add_email(request, user, data["email"], confirm=True)
            except TakeoverRefused:
                form.add_error(
                    None, _("The user name or the code is not valid, or the code has expired.")
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The account is yours now. We sent you an e-mail: confirm your "
                        "address, then sign in with your new password."
                    ),
                )
                return redirect("account_login")
    return render(request, "accounts/takeover.html", {"form": form})
