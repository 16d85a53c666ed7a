from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.search import search_index, search_vector_field
from gemeinwerk.core.text import validate_no_control_characters


class Topic(models.TextChoices):
    ADDICTION = "addiction", _("Addiction")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    RELATIVES = "relatives", _("Relatives and carers")
    GRIEF = "grief", _("Grief and loss")
    DISABILITY = "disability", _("Disability")
    CANCER = "cancer", _("Cancer")
    EATING_DISORDERS = "eating_disorders", _("Eating disorders")
    FAMILY = "family", _("Family and parenting")
    LONELINESS = "loneliness", _("Loneliness and isolation")
    VIOLENCE = "violence", _("Violence and abuse")
    OTHER = "other", _("Other topics")


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BOTH = "both", _("Online and in person")


class GroupStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the contact point")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Not taken up")
    ARCHIVED = "archived", _("No longer meeting")


class Group(models.Model):
    # The name goes into e-mail subjects: a line break there makes the e-mail unsendable.
    name = models.CharField(_("name"), max_length=120, validators=[validate_no_control_characters])
    slug = models.SlugField(unique=True, max_length=140)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    description = models.TextField(
        _("what the group is about"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Who the group is for and how it works. No names or addresses."),
    )
    district = models.ForeignKey(
        "places.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("district"),
        help_text=_("Leave empty for groups that meet only online, for the whole city."),
    )
    languages = models.JSONField(_("languages"), default=list)
    format = models.CharField(_("how the group meets"), max_length=10, choices=Format)
    open_to_newcomers = models.BooleanField(
        _("newcomers welcome"),
        default=True,
        help_text=_("Closed groups take new people only after a talk through the contact point."),
    )
    rhythm = models.CharField(
        _("meeting rhythm"),
        max_length=120,
        help_text=_("For example “every 2nd Tuesday, 19:00”."),
    )
    place = models.CharField(
        _("meeting place"),
        max_length=200,
        blank=True,
        help_text=_("A public place, for in-person meetings. Never a private address."),
    )
    # The contact point that supports the group; requests to join go there, never to
    # a host's private address.
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("contact point"),
    )
    # A listed group moves to another contact point only once that office agrees: until
    # then it stays listed with the office that reviewed it, which keeps its requests.
    requested_contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested contact point"),
    )
    # Who asked for the pending move: they do not approve it themselves (a staff member
    # of both offices could otherwise move a group on their own say).
    move_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=GroupStatus, default=GroupStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    search_document = models.TextField(default="", editable=False)
    search_vector = search_vector_field()

    class Meta:
        ordering = ["name"]
        indexes = [*search_index("groups_group_search")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="groups_group_topic_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=Format.values), name="groups_group_format_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=GroupStatus.values),
                name="groups_group_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE
