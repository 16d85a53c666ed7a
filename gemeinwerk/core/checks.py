"""System checks for what `check --deploy` must catch in an installation."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, register

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


@register("gemeinwerk", deploy=True)
def check_single_process_stores(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """SQLite and the in-memory layers are fine for one process, not for several."""
    notes = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        notes.append("the database is SQLite")
    if not settings.REDIS_URL:
        notes.append("the channel layer and the cache live in memory (no REDIS_URL)")
    if not notes:
        return []
    return [
        Info(
            f"Only one web process may serve this installation: {'; '.join(notes)}.",
            hint="For several processes set DATABASE_URL to PostgreSQL and REDIS_URL.",
            id="gemeinwerk.I001",
        )
    ]
