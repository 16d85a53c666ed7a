import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustLevel(models.TextChoices):
    # A new account may browse and edit its profile; staff verify it after meeting the
    # person; suspended accounts may sign in but not take part.
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


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

    @property
    def is_verified(self) -> bool:
        return self.trust_level == TrustLevel.VERIFIED

    @property
    def shown_name(self) -> str:
        """How the person appears to others who may see it: display name or user name."""
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "") or self.username
