"""The facility programme's entries in the personal data registry
(accounts.personal_data).

A facility manager's account (facility, the manager's names, the registration's state
and dates) is in the export and goes with the user (CASCADE); the facility may then
register again. A coordinator who decided on a registration is only mentioned there:
the link is emptied when the coordinator leaves."""

from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.programme.models import FacilityAccount, RegistryImport

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
        }
        for account in FacilityAccount.objects.filter(user=user).select_related(
            "facility__organisation"
        )
    ]


def register_all() -> None:
    pd.register(FacilityAccount, "user", section="facility_account", export=export_facility_account)
    pd.register(FacilityAccount, "decided_by", note=OTHERS)
    # An upload of the official list: the coordinator's file, deleted after a day.
    pd.register(RegistryImport, "created_by", note=OTHERS)
