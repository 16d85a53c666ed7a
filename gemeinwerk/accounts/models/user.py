import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gemeinwerk.core.text import skeleton


class TrustLevel(models.TextChoices):
    # A new account may browse and edit its profile; staff verify it after meeting the
    # person; suspended accounts may sign in but not take part.
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", pgettext_lazy("account", "Verified")
    SUSPENDED = "suspended", pgettext_lazy("account", "Suspended")


class User(AbstractUser):
    # Data minimisation: no real names. A display name, if wanted, is an optional
    # profile field with its own visibility.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    # Member pages are addressed by this, never by user name or e-mail (URLs end up
    # in logs and browser histories).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust_level = models.CharField(
        _("trust level"), max_length=12, choices=TrustLevel, default=TrustLevel.UNVERIFIED
    )
    # What the user name looks like (gemeinwerk.core.text.skeleton), kept up to date by
    # save(): a new user name that looks like an existing one is found by one indexed
    # query, not by comparing every account.
    username_skeleton = models.CharField(max_length=150, db_index=True, editable=False, default="")
    # Reading choices made while signed in (core/preferences.py), so that they follow the
    # person to every device; None: not chosen, the browser's cookie decides.
    large_text = models.BooleanField(_("larger text"), null=True, blank=True)
    plain_language = models.BooleanField(_("plain language"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trust_level__in=TrustLevel.values),
                name="accounts_user_trust_level_valid",
            )
        ]

    def __str__(self) -> str:
        return self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username_skeleton = skeleton(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_skeleton"}
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # Django lets an active superuser pass every permission before asking any
        # backend. An admin who has not completed two-factor login in this session is a
        # plain member: ask the rules only, where is_admin requires the second factor.
        if self.is_active and self.is_superuser and not self._completed_two_factor():
            import rules

            return bool(rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.is_superuser and not self._completed_two_factor():
            return False
        return super().has_module_perms(app_label)

    def _completed_two_factor(self) -> bool:
        from gemeinwerk.accounts.rules import completed_two_factor

        return bool(completed_two_factor(self))

    @property
    def is_verified(self) -> bool:
        return self.trust_level == TrustLevel.VERIFIED

    @property
    def shown_name(self) -> str:
        """How the person appears to others who may see it: display name or user name."""
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "") or self.username
