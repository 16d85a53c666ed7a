"""Who may do what in the facility programme. The coordinator (the city's programme
office) and admins keep the registry and decide on registrations; a suspended
coordinator does neither."""

import rules

from gemeinwerk.accounts.rules import is_admin, is_coordinator, is_suspended

is_programme_office = (is_coordinator | is_admin) & ~is_suspended

rules.add_perm("programme.manage_registry", is_programme_office)
rules.add_perm("programme.decide_registrations", is_programme_office)


# --- The facility manager: the person behind a facility's approved, activated account.
@rules.predicate
def is_facility_manager(user: object) -> bool:
    pk = getattr(user, "pk", None)
    if pk is None or not getattr(user, "is_active", False):
        return False
    # The header asks on every page: one query, kept on the user object for the request.
    cached = getattr(user, "_gw_facility_manager", None)
    if cached is None:
        from gemeinwerk.programme.models import AccountStatus, FacilityAccount

        cached = FacilityAccount.objects.filter(user_id=pk, status=AccountStatus.APPROVED).exists()
        setattr(user, "_gw_facility_manager", cached)  # noqa: B010 - `user` is typed object
    return bool(cached)


rules.add_perm("programme.use_facility_account", is_facility_manager & ~is_suspended)
