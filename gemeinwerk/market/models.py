"""Neighbourhood help: offers and requests ("listings"), the responses that lead to an
agreement, search calls staff publish when nothing fits, the interests members opt into,
and safe home visits with a trusted contact."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.search import search_index, search_vector_field
from gemeinwerk.places.models import ContactPoint, District, Weekday


class Category(models.Model):
    """The curated list of what help is about. Staff extend it in the admin; each row
    carries its name in every language, so a new category needs no release."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=80)
    name_pl = models.CharField(_("name (Polish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Smaller numbers come first.")
    )
    active = models.BooleanField(
        _("offered for new listings"),
        default=True,
        help_text=_("Listings keep a retired category; new ones cannot choose it."),
    )

    class Meta:
        ordering = ["position", "name_de"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return name_in(self, get_language())


def name_in(category: Category, language: str | None) -> str:
    code = (language or "de").split("-")[0]
    return str(getattr(category, f"name_{code}", "") or category.name_de)


class Kind(models.TextChoices):
    OFFER = "offer", pgettext_lazy("listing kind", "Offer")
    REQUEST = "request", pgettext_lazy("listing kind", "Request")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("listing", "Draft")
    ACTIVE = "active", pgettext_lazy("listing", "Active")
    PAUSED = "paused", _("Paused (booked out)")
    FULFILLED = "fulfilled", _("Closed: the help happened")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn")
    EXPIRED = "expired", pgettext_lazy("listing", "Expired")


CLOSED = (Status.FULFILLED, Status.WITHDRAWN, Status.EXPIRED)


class Listing(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="listings", verbose_name=_("category")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="listings", verbose_name=_("district")
    )
    when = models.CharField(_("when"), max_length=200, blank=True)
    # Weekdays as bits (1 << Weekday): one small column, no join.
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), default=0)
    expires_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings"
    )
    # Staff who wrote it with an assisted member; the listing stays the member's.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # First published: "new this week" and the recency order read it.
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The end date the owner was reminded of; extending makes a new reminder due.
    reminded_for = models.DateField(null=True, blank=True)
    # Hidden by staff after a report (gemeinwerk/moderation); kept for a restore.
    hidden_at = models.DateTimeField(null=True, blank=True)
    search_document = models.TextField(default="", editable=False)
    search_vector = search_vector_field()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            # Only the visible listings are ever searched (the browse page).
            *search_index(
                "market_listing_search",
                condition=models.Q(status="active", hidden_at__isnull=True),
            ),
            # Browsing reads the visible listings, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                name="market_listing_browse",
                condition=models.Q(status="active", hidden_at__isnull=True),
            ),
            models.Index(fields=["owner", "status"], name="market_listing_owner"),
            models.Index(fields=["status", "expires_on"], name="market_listing_expiry"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def visible(self) -> bool:
        return self.status == Status.ACTIVE and self.hidden_at is None

    @property
    def weekday_list(self) -> list[Weekday]:
        return [day for day in Weekday if self.weekdays & (1 << day.value)]


class ResponseStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("response", "Agreed")
    DECLINED = "declined", pgettext_lazy("response", "Declined")
    DONE = "done", pgettext_lazy("response", "Done")
    ENDED = "ended", pgettext_lazy("response", "Ended")


class Response(models.Model):
    """Someone answers a listing; the conversation with the owner is in the chat."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="responses")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_responses"
    )
    message = models.TextField(_("your message"), max_length=1000)
    # The chat's conversation (gemeinwerk/chat); emptied if the chat forgets it.
    conversation = models.ForeignKey(
        "chat.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_responses",
    )
    status = models.CharField(max_length=10, choices=ResponseStatus, default=ResponseStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    owner_done_at = models.DateTimeField(null=True, blank=True)
    responder_done_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Who ended it: "owner" or "responder", never a person's name (it ends kindly).
    ended_by = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "responder"], name="market_response_once")
        ]

    def __str__(self) -> str:
        return f"response {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (ResponseStatus.OPEN, ResponseStatus.ACCEPTED)


class Outcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("search call", "Open")
    MATCHED = "matched", _("Someone was found")
    NOT_MATCHED = "not_matched", _("Nobody was found")


class SearchCall(models.Model):
    """Staff look for help on behalf of someone who stays anonymous: nothing about the
    person is stored here, only what is sought, where and by which contact point."""

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.PROTECT,
        related_name="search_calls",
        verbose_name=_("contact point"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="search_calls", verbose_name=_("category")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="search_calls", verbose_name=_("district")
    )
    title = models.CharField(_("what is sought"), max_length=120)
    description = models.TextField(_("description"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome, default=Outcome.OPEN)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reached = models.PositiveIntegerField(default=0)
    search_document = models.TextField(default="", editable=False)
    search_vector = search_vector_field()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("search call")
        verbose_name_plural = _("search calls")
        indexes = [
            *search_index("market_call_search"),
            models.Index(fields=["outcome", "district", "category"], name="market_call_open"),
        ]

    def __str__(self) -> str:
        return self.title


class Interest(models.Model):
    """A member wants to hear of search calls for a category, in a district or anywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_interests"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    # Empty: the whole city.
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category", "district"], name="market_interest_once"
            ),
            # NULL districts are distinct to a unique constraint: "anywhere" once, too.
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(district__isnull=True),
                name="market_interest_anywhere_once",
            ),
        ]

    def __str__(self) -> str:
        return f"interest {self.pk}"


class Visit(models.Model):
    """A safe home visit: one side of an agreed help names a trusted contact and a time
    by which they check out; without the check-out the contact is told, and an open
    incident shows to the contact point's staff."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="visits")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_visits"
    )
    # One of the two: a member the person trusts, or a contact point.
    trusted_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_visits_trusted",
    )
    trusted_contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    check_out_by = models.DateTimeField(_("I will check out by"))
    created_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)
    # The incident (the check-out did not come) is settled by staff or the person.
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    settled_note = models.CharField(_("what happened"), max_length=300, blank=True)

    class Meta:
        ordering = ["-check_out_by", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trusted_member__isnull=True)
                | models.Q(trusted_contact_point__isnull=True),
                name="market_visit_one_contact",
            )
        ]
        indexes = [
            models.Index(
                fields=["check_out_by"],
                name="market_visit_due",
                condition=models.Q(
                    checked_out_at__isnull=True, cancelled_at__isnull=True, alerted_at__isnull=True
                ),
            )
        ]

    def __str__(self) -> str:
        return f"visit {self.pk}"

    @property
    def open(self) -> bool:
        return self.checked_out_at is None and self.cancelled_at is None

    @property
    def incident(self) -> bool:
        return self.alerted_at is not None and self.settled_at is None
