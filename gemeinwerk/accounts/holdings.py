"""The accounts app's entries in the personal data registry, and those of the framework
and allauth models that point to the user. Called from AccountsConfig.ready()."""

import base64
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CASCADE, Q, TextField
from django.db.models.functions import Cast
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Profile,
    RoleAssignment,
    Session,
    TrustDecision,
    User,
    VerificationRequest,
)
from gemeinwerk.audit.models import AuditEvent

OTHERS_RECORD = "another member's record; the link to this person is emptied on deletion"


def export_profile(user: Any) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).select_related("district").first()
    if profile is None:
        return None
    data: dict[str, Any] = {}
    for name in Profile.FIELDS:
        value = getattr(profile, name)
        if name == "district":
            value = str(value) if value else ""
        elif name == "picture":
            value = picture_as_data_uri(profile)
        data[name] = {"value": value, "visible_to": getattr(profile, f"{name}_visibility")}
    data["no_contact"] = profile.no_contact
    return data


def picture_as_data_uri(profile: Profile) -> str:
    if not profile.picture:
        return ""
    with profile.picture.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:image/jpeg;base64,{encoded}"


def erase_profile_picture(user: Any) -> None:
    # The row goes with the account; the file must be removed by hand.
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.picture:
        profile.picture.delete(save=False)


def export_events_about(user: Any) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(Q(subject=user) | Q(on_behalf_of=user))
    return [
        {
            "action": event.action,
            "at": event.created_at,
            "by_staff": event.actor_id is not None and event.actor_id != user.pk,
            "details": event.after,
        }
        for event in events
    ]


def erase_admin_log_entries(user: Any) -> None:
    """The admin log keeps a text of each object it changed (`object_repr`): for the
    account that is the user name, for an e-mail address the address itself. Entries
    about the account and about every row that goes with it are removed."""
    rows: list[tuple[type[models.Model], list[Any]]] = [(User, [user.pk])]
    for holding in pd.holdings():
        relation: Any = holding.model._meta.get_field(holding.field)
        if holding.model._meta.auto_created or relation.remote_field.on_delete is not CASCADE:
            continue
        own_rows = holding.model._default_manager.filter(**{holding.field: user})
        ids = list(own_rows.values_list("pk", flat=True))
        rows.append((holding.model, ids))
    for model, ids in rows:
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            ).delete()


def erase_queued_emails(user: Any) -> None:
    """E-mails to the person that are still waiting for the worker carry the address."""
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses.add(user.email)
    for address in filter(None, addresses):
        DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(
            text__icontains=address
        ).update(args_kwargs={"args": [], "kwargs": {}})


def register_all() -> None:
    pd.register(
        Profile, "user", section="profile", export=export_profile, erase=erase_profile_picture
    )
    pd.register(
        TrustDecision,
        "member",
        section="verification",
        export=lambda user: pd.rows(
            TrustDecision.objects.filter(member=user).select_related("contact_point"),
            "decision",
            "method",
            "contact_point",
            "decided_at",
            "house_rules_version",
            "reason",
        ),
    )
    pd.register(TrustDecision, "decided_by", note=OTHERS_RECORD)
    pd.register(
        VerificationRequest,
        "member",
        section="verification_requests",
        export=lambda user: pd.rows(
            VerificationRequest.objects.filter(member=user).select_related("contact_point"),
            "contact_point",
            "preferred_method",
            "message",
            "created_at",
            "closed_at",
            "outcome",
        ),
    )
    pd.register(VerificationRequest, "closed_by", note=OTHERS_RECORD)
    pd.register(
        RoleAssignment,
        "user",
        section="roles",
        export=lambda user: pd.rows(
            RoleAssignment.objects.filter(user=user).select_related("contact_point"),
            "role",
            "contact_point",
            "assigned_at",
        ),
    )
    pd.register(RoleAssignment, "assigned_by", note=OTHERS_RECORD)
    pd.register(
        AssistedAccount,
        "user",
        section="assisted_account",
        export=lambda user: pd.rows(
            AssistedAccount.objects.filter(user=user).select_related("contact_point"),
            "contact_point",
            "created_at",
            "consent_given_at",
            "consent_withdrawn_at",
            "taken_over_at",
        ),
    )
    pd.register(AssistedAccount, "created_by", note=OTHERS_RECORD)
    pd.register(AssistedAccount, "consent_recorded_by", note=OTHERS_RECORD)
    pd.register(AssistedAccount, "takeover_code_issued_by", note=OTHERS_RECORD)
    pd.register(AssistedAccount, "takeover_confirmed_by", note=OTHERS_RECORD)
    pd.register(
        Session,
        "user",
        section="sessions",
        export=lambda user: pd.rows(
            Session.objects.filter(user=user), "device", "created_at", "last_activity"
        ),
    )
    pd.register(
        AuditEvent,
        "subject",
        section="recorded_events",
        export=export_events_about,
        note="kept for accountability without the person: the link is emptied",
    )
    pd.register(
        AuditEvent, "on_behalf_of", note="exported with 'recorded_events'; the link is emptied"
    )
    pd.register(
        AuditEvent,
        "actor",
        note="what this person did to others' records (staff work); the link is emptied",
    )
    pd.register(
        EmailAddress,
        "user",
        section="email_addresses",
        export=lambda user: pd.rows(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
    )
    pd.register(
        Authenticator,
        "user",
        section="two_factor_login",
        # The type and dates only: the secret stays secret.
        export=lambda user: pd.rows(
            Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at"
        ),
    )
    pd.register(
        LogEntry,
        "user",
        note="admin changes made by this person to other records; they go with the account",
    )
    pd.register(
        User.groups.through,
        "user",
        section="groups",
        export=lambda user: list(user.groups.values_list("name", flat=True)),
    )
    pd.register(
        User.user_permissions.through,
        "user",
        section="permissions",
        export=lambda user: list(user.user_permissions.values_list("codename", flat=True)),
    )
    pd.register_eraser("queued e-mails", erase_queued_emails)
    pd.register_eraser("admin log entries about the account", erase_admin_log_entries)
