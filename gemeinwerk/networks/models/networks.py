"""District networks (the Düsseldorf senior networks): open to everyone without
membership, accompanied rather than led by staff ("facilitators"), carried by the
networkers, verified members a facilitator names and who accepted."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.validators import NotReserved

# The networks' URLs put these words where a network's slug would go.
RESERVED_SLUGS = frozenset({"mine", "appointments"})


class Principle(models.TextChoices):
    # The four sentences of the networks' standards; each network says which it lives.
    I_FOR_ME = "i_for_me", _("I for me.")
    I_WITH_OTHERS_FOR_ME = "i_with_others_for_me", _("I with others for me.")
    I_WITH_OTHERS_FOR_OTHERS = "i_with_others_for_others", _("I with others for others.")
    OTHERS_WITH_OTHERS_FOR_ME = "others_with_others_for_me", _("Others with others for me!")


def all_principles() -> list[str]:
    return list(Principle.values)


class Network(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=150,
        unique=True,
        validators=[NotReserved(RESERVED_SLUGS)],
    )
    # PROTECT: a district is not removed from under its networks.
    district = models.ForeignKey(
        "places.District",
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("district"),
    )
    summary = models.CharField(
        _("in one sentence"),
        max_length=300,
        help_text=_("Shown in the list of networks."),
    )
    about = models.TextField(
        _("what the network is"),
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
        help_text=_("For newcomers: who meets, what people do together, what it is like."),
    )
    principles = models.JSONField(_("principles"), default=all_principles)
    focus_topics = models.TextField(
        _("focus topics"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        blank=True,
        help_text=_("One topic per line, for example: exercise, computers, neighbourhood."),
    )
    how_to_drop_by = models.TextField(
        _("how to drop by"),
        max_length=1500,
        validators=[MaxLengthValidator(1500)],
        blank=True,
        help_text=_("For example: the open café on Tuesdays from 3 p.m.; just come in."),
    )
    contact_points = models.ManyToManyField(
        "places.ContactPoint", related_name="networks", verbose_name=_("contact points")
    )
    is_active = models.BooleanField(
        _("shown on the website"),
        default=True,
        help_text=_("Untick instead of deleting, so that its activities keep their place."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", kwargs={"slug": self.slug})

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.focus_topics.splitlines() if line.strip()]

    def principle_labels(self) -> list[str]:
        chosen = set(self.principles or [])
        return [str(label) for value, label in Principle.choices if value in chosen]


class RoleKind(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    NETWORKER = "networker", _("Networker")


class NetworkRole(models.Model):
    """A facilitator (staff, named by an admin) or a networker (a verified member,
    invited by a facilitator; a power only once accepted)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=RoleKind)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # None while a networker's invitation waits for an answer.
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network", "role", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user", "role"], name="networks_role_once_per_network"
            ),
            # Facilitators are named, not invited: their role works from the start.
            models.CheckConstraint(
                condition=~models.Q(role="facilitator") | models.Q(accepted_at__isnull=False),
                name="networks_facilitator_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} #{self.pk}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("On the network's page")
    DECLINED = "declined", _("Not taken up")


class Initiative(models.Model):
    """An idea of networkers ("we start a repair café"), shown on the network's page
    once a facilitator accepted it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_initiatives",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus, default=InitiativeStatus.PROPOSED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="proposed", decided_at__isnull=True)
                | (~models.Q(status="proposed") & models.Q(decided_at__isnull=False)),
                name="networks_initiative_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title
