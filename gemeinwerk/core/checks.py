"""System checks for what `check --deploy` must catch in an installation."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from gemeinwerk.core.tasks import DELIVERY_MAILER

DEVELOPMENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register(Tags.mail, deploy=True)
def check_delivery_mailer(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Django checks the "default" mailer; ours is a queue, so look behind it."""
    backend = settings.MAILERS.get(DELIVERY_MAILER, {}).get("BACKEND", "")
    if backend in DEVELOPMENT_MAIL_BACKENDS:
        return [
            Error(
                f"E-mail is delivered by a development backend ({backend}): nobody would "
                "receive confirmation or notification e-mails.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587.",
                id="gemeinwerk.E001",
            )
        ]
    return []
