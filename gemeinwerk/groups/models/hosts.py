"""Group hosts: trained members (training recorded by staff) who accepted the current
usage agreement. Only they may schedule meetings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HostTraining(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_training"
    )
    trained_on = models.DateField(_("training completed on"))
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact point"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Host training #{self.pk}"


class UsageAgreement(models.Model):
    """One version of the agreement hosts accept: confidentiality, no recordings, no
    screenshots, respect. A new version must be accepted again."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    published_at = models.DateTimeField(_("in force from"), default=timezone.now)
    text_de = models.TextField(_("text (German)"))
    text_pl = models.TextField(_("text (Polish)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("usage agreement")
        verbose_name_plural = _("usage agreements")

    def __str__(self) -> str:
        return self.version

    def text_in(self, language: str) -> str:
        return str(getattr(self, f"text_{language}", "") or self.text_de)


class AgreementAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_acceptances"
    )
    agreement = models.ForeignKey(
        UsageAgreement, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement"], name="groups_accept_once")
        ]

    def __str__(self) -> str:
        return f"Acceptance #{self.pk}"


class HostRole(models.TextChoices):
    HOST = "host", pgettext_lazy("group role", "Host")
    CO_HOST = "co_host", pgettext_lazy("group role", "Co-host")


class GroupHost(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="hosts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_groups"
    )
    role = models.CharField(_("role"), max_length=10, choices=HostRole)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "since"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_host_once"),
            # One host per group; any number of co-hosts.
            models.UniqueConstraint(
                fields=["group"], condition=models.Q(role="host"), name="groups_one_host"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=HostRole.values), name="groups_host_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} #{self.pk}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("invitation", "Withdrawn")


class HostInvitation(models.Model):
    """Nobody becomes co-host or host without saying yes. The host invites co-hosts and
    offers the host role to a co-host; the contact point may offer the host role to a
    verified member. The person accepts or declines on their "My groups" page."""

    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="host_invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_invitations"
    )
    role = models.CharField(_("role"), max_length=10, choices=HostRole)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=InvitationStatus, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open question per person and group: a second invitation would let the
            # answer to one be read as the answer to the other.
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="pending"),
                name="groups_one_open_invitation",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=HostRole.values), name="groups_invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvitationStatus.values),
                name="groups_invitation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Host invitation #{self.pk}"
