"""Roles given to a person for a place or object, not as global flags. Admins are
Django superusers; staff roles belong to a contact point; coordinators run the
programme city-wide. Group hosts and facility managers arrive with their apps."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff of a contact point")
    COORDINATOR = "coordinator", _("Programme coordinator")


# Roles whose holders must sign in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.COORDINATOR})


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("contact point"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "contact_point__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="staff") & models.Q(contact_point__isnull=False))
                | (models.Q(role="coordinator") & models.Q(contact_point__isnull=True)),
                name="accounts_role_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "contact_point"],
                name="accounts_role_once_per_place",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(contact_point__isnull=True),
                name="accounts_global_role_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} #{self.pk}"
