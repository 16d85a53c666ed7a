"""allauth, adapted: failed logins counted per account, user names checked for look-alikes."""

from types import SimpleNamespace
from typing import Any, cast

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts import hooks
from gemeinwerk.accounts.models import User
from gemeinwerk.core import text

CONFUSABLE_USERNAME_MESSAGE = _(
    "This user name looks too much like an existing one. Please choose another one."
)


def _account_for_login(credentials: dict[str, Any]) -> int | None:
    """The primary key of the account a login attempt is for, whichever of its names
    was typed: user names compare without case, as allauth compares them."""
    email = credentials.get("email")
    if email:
        addresses = EmailAddress.objects.filter(email__iexact=email).order_by(
            "-verified", "-primary", "pk"
        )
        pk: int | None = addresses.values_list("user_id", flat=True).first()
        if pk is None:
            pk = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
        return pk
    username = credentials.get("username")
    if username:
        return User.objects.filter(username__iexact=username).values_list("pk", flat=True).first()
    return None


def installation() -> SimpleNamespace:
    """What allauth's e-mails call "the site": the installation by its name. Without
    django.contrib.sites allauth would take the request's host ("127.0.0.1:8000")."""
    name = settings.GEMEINWERK_OPERATOR["name"]
    return SimpleNamespace(name=name, domain=name)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": installation()})

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.GEMEINWERK_OPERATOR['name']}: {subject}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where a sign-in without a `next` leads: an app may send its people somewhere
        first (accounts.hooks.after_sign_in), else the usual page."""
        destination = hooks.sign_in_destination(request, request.user)
        return destination or super().get_login_redirect_url(request)

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        """A right password for an account that is not active: the app the account
        waits for may say why (accounts.hooks.on_inactive_sign_in)."""
        response = hooks.respond_inactive(request, user)
        if response is not None:
            return cast(HttpResponse, response)
        return super().respond_user_inactive(request, user)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The key of the "login_failed" rate limit (ACCOUNT_RATE_LIMITS), which allauth
        builds from the login as typed: the user name, the e-mail address and each
        other spelling would each get their own tries. An existing account is counted
        once, by its primary key; a login that names no account keeps the typed key
        (the limit per IP address in the same rule still applies to it)."""
        pk = _account_for_login(credentials)
        if pk is not None:
            return f"account:{pk}"
        return super()._get_login_attempts_cache_key(request, **credentials)

    def clean_username(self, username: str, shallow: bool = False) -> str:
        """User names in one normal form (NFKC: full-width letters become plain ones),
        and none that looks like an existing one (a Cyrillic `i` in `mila`)."""
        username = text.clean_name(username)
        username = super().clean_username(username, shallow=shallow)
        if not shallow and User.objects.filter(username_skeleton=text.skeleton(username)).exists():
            raise ValidationError(CONFUSABLE_USERNAME_MESSAGE, code="username_confusable")
        return username
