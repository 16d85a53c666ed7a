"""The audit actions of the facility programme's registrations, with their readable
names (registered with the audit labels in apps.py). The values are stored in
AuditEvent.action: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REGISTRATION_APPROVED = "programme.registration_approved", _("Facility registration approved")
    REGISTRATION_REJECTED = "programme.registration_rejected", _("Facility registration rejected")
    ACCOUNT_ACTIVATED = "programme.account_activated", _("Facility account activated")
    # The registry (services/registry.py).
    REGISTRY_IMPORTED = "programme.registry_imported", _("Official list of facilities imported")
    FACILITY_EDITED = "programme.facility_edited", _("Facility in the registry edited")
    ORGANISATION_EDITED = (
        "programme.organisation_edited",
        _("Operating organisation in the registry edited"),
    )
    # The self-evaluation (services/evaluation.py).
    SURVEY_PUBLISHED = "programme.survey_published", _("Evaluation survey published")
    EVALUATION_SUBMITTED = "programme.evaluation_submitted", _("Self-evaluation submitted")
    TIER_CHANGED = "programme.tier_changed", _("Facility tier changed")
    EVALUATION_ACCEPTED = "programme.evaluation_accepted", _("Self-evaluation accepted")
    # The cycles (services/cycles.py).
    TIER_LOWERED = "programme.tier_lowered", _("Facility tier lowered: deadline missed")
    # The reward basket (services/rewards.py).
    REWARD_SAVED = "programme.reward_saved", _("Reward of the basket saved")
    RESERVATION_ARRANGED = "programme.reservation_arranged", _("Reward reservation arranged")
    RESERVATION_DELIVERED = "programme.reservation_delivered", _("Reward reservation delivered")
    RESERVATION_CANCELLED = "programme.reservation_cancelled", _("Reward reservation cancelled")
