"""The facility programme's entries in the personal data registry
(accounts.personal_data).

A facility manager's account (facility, the manager's names, the registration's state
and dates) is in the export and goes with the user (CASCADE); the facility may then
register again. The facility's profile (its contacts may be the manager's own) is
exported with the account and deleted with it, logo file included. A coordinator who
decided on a registration is only mentioned there: the link is emptied when the
coordinator leaves."""

import base64
from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.programme.models import AccountStatus, FacilityAccount, RegistryImport
from gemeinwerk.programme.models_cycles import TierRecord
from gemeinwerk.programme.models_evaluation import Evaluation
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.models_rewards import Reservation

PROFILE_FIELDS = (
    "display_name",
    "description",
    "phone",
    "email",
    "website",
    "address",
    "postcode",
    "city",
    "opening_hours",
    "completed_at",
    "updated_at",
)

OTHERS = "another person's record; the link to this person is emptied"


def export_facility_account(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "facility": account.facility.name,
            "facility_number": account.facility.number,
            "operating_organisation": account.facility.organisation.name,
            "manager_first_name": account.manager_first_name,
            "manager_last_name": account.manager_last_name,
            "formal_or_informal_name": account.informal_name,
            "status": account.get_status_display(),
            "registered_at": account.registered_at,
            "decided_at": account.decided_at,
            "reason": account.reason,
            "facility_profile": export_profile(account),
            "reward_reservations": export_reservations(account),
            "exchange_items": export_exchange_items(account),
        }
        for account in FacilityAccount.objects.filter(user=user).select_related(
            "facility__organisation"
        )
    ]


def export_profile(account: FacilityAccount) -> dict[str, Any] | None:
    # The profile is the facility's, but its contacts may be the manager's own.
    if account.status != AccountStatus.APPROVED:
        return None
    profile = FacilityProfile.objects.filter(facility=account.facility).first()
    if profile is None:
        return None
    data = pd.rows([profile], *PROFILE_FIELDS)[0]
    data["logo"] = logo_as_data_uri(profile)
    return data


def export_reservations(account: FacilityAccount) -> list[dict[str, Any]]:
    # The facility's reservations of the reward basket: facility data, exported with its
    # manager's account.
    if account.status != AccountStatus.APPROVED:
        return []
    return [
        {
            "reward": reservation.reward.title,
            "cycle": reservation.cycle,
            "quantity": reservation.quantity,
            "status": reservation.get_status_display(),
            "reserved_at": reservation.reserved_at,
            "arranged_at": reservation.arranged_at,
            "delivered_at": reservation.delivered_at,
            "cancelled_at": reservation.cancelled_at,
            "note": reservation.note,
        }
        for reservation in Reservation.objects.filter(facility=account.facility).select_related(
            "reward"
        )
    ]


def export_exchange_items(account: FacilityAccount) -> list[dict[str, Any]]:
    # The facility's offers and needs in the exchange point (exchange_views.py).
    if account.status != AccountStatus.APPROVED:
        return []
    from gemeinwerk.programme.models_exchange import ExchangeItem

    fields = ("kind", "title", "description", "category", "quantity", "mode")
    more = ("available_until", "status", "return_date", "returned_at", "created_at")
    return pd.rows(ExchangeItem.objects.filter(facility=account.facility), *fields, *more)


def logo_as_data_uri(profile: FacilityProfile) -> str:
    if not profile.logo:
        return ""
    with profile.logo.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:image/jpeg;base64,{encoded}"


def erase_facility_profile(user: Any) -> None:
    """The profile of the facility the person manages goes with the account, and its
    logo file with it; the next manager starts again from the registry."""
    from gemeinwerk.programme.services.profile import delete_profile

    facility_ids = FacilityAccount.objects.filter(
        user=user, status=AccountStatus.APPROVED
    ).values_list("facility_id", flat=True)
    delete_profile(list(facility_ids))
    # The exchange point's items are the facility's: they go with its manager's account.
    from gemeinwerk.programme.services.exchange import delete_items

    delete_items(list(facility_ids))


def register_all() -> None:
    pd.register(
        FacilityAccount,
        "user",
        section="facility_account",
        export=export_facility_account,
        erase=erase_facility_profile,
    )
    pd.register(FacilityAccount, "decided_by", note=OTHERS)
    # An upload of the official list: the coordinator's file, deleted after a day.
    pd.register(RegistryImport, "created_by", note=OTHERS)
    # A self-evaluation is the facility's; the coordinator who accepted it or changed its
    # tier is only mentioned (the audit trail keeps who did it).
    pd.register(Evaluation, "accepted_by", note=OTHERS)
    pd.register(Evaluation, "tier_changed_by", note=OTHERS)
    # The programme office member who changed or confirmed a tier in the history.
    pd.register(TierRecord, "by", note=OTHERS)
    # A reservation is the facility's (exported with the manager's account); who reserved,
    # arranged, delivered or cancelled it is only mentioned.
    for field in ("reserved_by", "arranged_by", "delivered_by", "cancelled_by"):
        pd.register(Reservation, field, note=OTHERS)
