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


# --- The facility profile: its own facility's manager edits it.
@rules.predicate
def manages_facility(user: object, facility: object) -> bool:
    pk, facility_pk = getattr(user, "pk", None), getattr(facility, "pk", None)
    if pk is None or facility_pk is None:
        return False
    from gemeinwerk.programme.models import AccountStatus, FacilityAccount

    return FacilityAccount.objects.filter(
        user_id=pk, facility_id=facility_pk, status=AccountStatus.APPROVED
    ).exists()


rules.add_perm("programme.edit_profile", is_facility_manager & ~is_suspended & manages_facility)


# --- The self-evaluation: the facility answers, the programme office keeps the survey
# and reviews, changes the tier of and accepts submitted evaluations.
rules.add_perm("programme.answer_evaluation", is_facility_manager & ~is_suspended)
rules.add_perm("programme.review_evaluations", is_programme_office)


# --- The reward basket: the programme office keeps the catalogue and the reservations; a
# facility with an accepted self-evaluation reserves.
@rules.predicate
def has_accepted_evaluation(user: object) -> bool:
    from gemeinwerk.programme import evaluation_selectors

    facility = evaluation_selectors.facility_of(user)
    return facility is not None and evaluation_selectors.accepted(facility)


rules.add_perm("programme.manage_rewards", is_programme_office)
rules.add_perm(
    "programme.reserve_rewards", is_facility_manager & ~is_suspended & has_accepted_evaluation
)


# --- The programme overview (console): the programme office's counts and CSV exports.
rules.add_perm("programme.view_dashboard", is_programme_office)


# --- The exchange point: facility accounts with an accepted self-evaluation see it, post
# their own items and write (through the chat) about other facilities' open items.
rules.add_perm(
    "programme.use_exchange", is_facility_manager & ~is_suspended & has_accepted_evaluation
)


@rules.predicate
def manages_item_facility(user: object, item: object) -> bool:
    return bool(manages_facility(user, getattr(item, "facility", None)))


@rules.predicate
def item_is_open(user: object, item: object) -> bool:
    from gemeinwerk.programme.models_exchange import ExchangeStatus

    return getattr(item, "status", None) == ExchangeStatus.OPEN


@rules.predicate
def item_facility_answers(user: object, item: object) -> bool:
    """Only a facility with an approved, active account can be written to."""
    from gemeinwerk.programme.models import AccountStatus, FacilityAccount

    facility_id = getattr(item, "facility_id", None)
    if facility_id is None:
        return False
    return FacilityAccount.objects.filter(
        facility_id=facility_id,
        status=AccountStatus.APPROVED,
        user__is_active=True,
    ).exists()


rules.add_perm(
    "programme.manage_exchange_item",
    is_facility_manager & ~is_suspended & has_accepted_evaluation & manages_item_facility,
)
rules.add_perm(
    "programme.write_about_exchange_item",
    is_facility_manager
    & ~is_suspended
    & has_accepted_evaluation
    & ~manages_item_facility
    & item_is_open
    & item_facility_answers,
)
