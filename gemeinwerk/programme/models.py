"""The facility programme ("Miasto Korzyści"): the registry of operating organisations and
their day-support facilities, imported by the coordinator from the city's official list,
and the one account each facility may have."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An operating organisation on the official list (an association, a foundation,
    a city unit). `number` is its identifier on that list: a re-import updates the row
    with the same number instead of adding another."""

    number = models.CharField(_("number on the official list"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    listed = models.BooleanField(
        _("on the official list"),
        default=True,
        help_text=_("Unlisted organisations keep their facilities but take no new registrations."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("operating organisation")
        verbose_name_plural = _("operating organisations")

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """A day-support facility of an organisation, as the official list names it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="facilities",
        verbose_name=_("operating organisation"),
    )
    number = models.CharField(_("number on the official list"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    # The city's own district names (a Warsaw "dzielnica"), as the list writes them.
    district = models.CharField(_("district"), max_length=100, blank=True)
    listed = models.BooleanField(
        _("on the official list"),
        default=True,
        help_text=_("An unlisted facility cannot register; an account it has stays."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


class AccountStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class FacilityAccount(models.Model):
    """The one account of a facility: its manager's sign-in. A rejected registration
    keeps its row (with the reason) until the account is deleted; the facility may then
    register again."""

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("facility")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="facility_account",
        verbose_name=_("account"),
    )
    manager_first_name = models.CharField(_("manager's first name"), max_length=100)
    manager_last_name = models.CharField(_("manager's last name"), max_length=100)
    informal_name = models.CharField(_("formal or informal name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus, default=AccountStatus.WAITING
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("facility account")
        verbose_name_plural = _("facility accounts")
        constraints = [
            # One account per facility: at most one that is waiting or approved.
            models.UniqueConstraint(
                fields=["facility"],
                condition=~models.Q(status="rejected"),
                name="programme_one_account_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility} ({self.get_status_display()})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")


class RegistryImport(models.Model):
    """An uploaded official list between its preview and the coordinator's confirmation:
    the file is kept here, on the server, so that what is confirmed is exactly what was
    previewed. Deleted after a day (services/registry.py, prune_imports)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.TextField(_("content of the file"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.PENDING
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of the official list")
        verbose_name_plural = _("imports of the official list")

    def __str__(self) -> str:
        return f"{self.filename or self.pk} ({self.get_status_display()})"


# The programme's other models live in modules of their own; importing them here
# registers them with the app.
from gemeinwerk.programme import (  # noqa: E402
    models_cycles,  # noqa: F401
    models_evaluation,  # noqa: F401
    models_exchange,  # noqa: F401
    models_profile,  # noqa: F401
    models_rewards,  # noqa: F401
)
from gemeinwerk.programme.models_profile import FacilityProfile  # noqa: E402,F401
