"""The programme's e-mails to a facility: in the language its account chose (the
registration page's), from the installation, answered to the programme office. The
mail queue writes each message in the caller's transaction (core/mail.py), so it leaves
only if the change it tells of commits."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gemeinwerk.notifications.emails import absolute
from gemeinwerk.notifications.models import EmailSettings
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount


def language_of(user: Any) -> str:
    row = EmailSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return row or settings.LANGUAGE_CODE


def approved_account(facility: Facility) -> FacilityAccount | None:
    """The facility's account the programme writes to, once the office approved it."""
    return facility.accounts.filter(status=AccountStatus.APPROVED).select_related("user").first()


def send(
    account: FacilityAccount | None,
    template: str,
    context: dict[str, Any],
    *,
    link_to: str = "",
) -> None:
    """`template`_subject.txt and `template`_body.txt, rendered in the account's language
    with the facility's name, the office's address and, with `link_to` (a URL name), the
    `link` to that page in the same language added to `context`."""
    if account is None or not account.user.email:
        return
    with translation.override(language_of(account.user)):
        context = {
            "facility": account.facility.name,
            "office": settings.PROGRAMME_OFFICE_EMAIL,
            **({"link": absolute(reverse(link_to))} if link_to else {}),
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
        EmailMessage(
            f"{settings.GEMEINWERK_OPERATOR['name']}: {subject}",
            body,
            None,
            [account.user.email],
            reply_to=[settings.PROGRAMME_OFFICE_EMAIL],
        ).send()
