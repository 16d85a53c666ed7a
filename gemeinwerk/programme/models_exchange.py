"""The exchange point ("punkt wymiany dobra"): facilities offer what they have spare
(workshop space, furniture, volunteers) or post what they need, to lend or to give away.
Only facility accounts with an accepted self-evaluation see it; they answer through the
chat. An item is the facility's, not its manager's."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models import Facility


class ExchangeKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class ExchangeCategory(models.TextChoices):
    WORKSPACE = "workspace", _("Workshop space")
    FURNITURE = "furniture", _("Furniture")
    VOLUNTEERS = "volunteers", _("Volunteers")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class ExchangeMode(models.TextChoices):
    LOAN = "loan", _("Loan")
    GIVE_AWAY = "give_away", _("Give away")


class ExchangeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AGREED = "agreed", _("Agreed")
    CLOSED = "closed", _("Closed")


class ExchangeItem(models.Model):
    facility = models.ForeignKey(
        Facility,
        on_delete=models.CASCADE,
        related_name="exchange_items",
        verbose_name=_("facility"),
    )
    kind = models.CharField(_("offer or need"), max_length=10, choices=ExchangeKind)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ExchangeCategory)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    mode = models.CharField(_("loan or give away"), max_length=10, choices=ExchangeMode)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExchangeStatus, default=ExchangeStatus.OPEN
    )
    return_date = models.DateField(_("return date"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exchange point item")
        verbose_name_plural = _("exchange point items")
        constraints = [
            # "0 chairs" is no offer.
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="programme_exchange_quantity_positive"
            ),
            # Only a loan comes back: a gift has neither a return date nor a returned mark.
            models.CheckConstraint(
                condition=models.Q(mode="loan")
                | models.Q(return_date__isnull=True, returned_at__isnull=True),
                name="programme_exchange_return_only_for_loans",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind", "category"], name="programme_exchange_list")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_loan(self) -> bool:
        return self.mode == ExchangeMode.LOAN

    @property
    def overdue(self) -> bool:
        """An agreed loan past its return date and not marked returned."""
        return bool(
            self.is_loan
            and self.status == ExchangeStatus.AGREED
            and self.return_date is not None
            and self.returned_at is None
            and self.return_date < timezone.localdate()
        )
