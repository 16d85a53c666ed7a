"""While staff act for an assisted member, every view is refused unless it is marked with
core.acting.allowed_while_acting: deny by default, so a new page is safe without anyone
remembering a list."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import ResolverMatch

from gemeinwerk import urls as root_urls
from gemeinwerk.accounts.middleware import allowed_while_acting as decision
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY
from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_contact_point,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.acting import WhileActing, allowed_while_acting

pytestmark = pytest.mark.django_db

CHANGES = WhileActing.CHANGES_FOR_THE_PERSON
NO_CHANGE = WhileActing.NO_CHANGE_FOR_THE_PERSON

# Everything staff may use while acting, reviewed: a view added here is a decision that
# staff may use it in the person's name.
ALLOWED = {
    "account_logout": NO_CHANGE,
    "core:home": CHANGES,
    "core:house_rules": CHANGES,
    "core:privacy": CHANGES,
    # The installable app's files and the offline page: public, the same for everyone.
    "core:offline": NO_CHANGE,
    "pwa:apple_touch_icon": NO_CHANGE,
    "pwa:manifest": NO_CHANGE,
    "pwa:service_worker": NO_CHANGE,
    "core:text_size": NO_CHANGE,
    "core:plain_language": NO_CHANGE,
    "groups:accept_agreement": CHANGES,
    # A host (an assisted one too) takes someone off the group's reminder list.
    "groups:remove_follower": CHANGES,
    "groups:move": CHANGES,
    # An assisted member's reminders: staff pass them on by phone or letter.
    "groups:stop_following": CHANGES,
    "join:follow": CHANGES,
    # The help centre: public pages, the same for everyone.
    "help:area": CHANGES,
    "help:article": CHANGES,
    "help:index": CHANGES,
    "help:room": CHANGES,
    "help:search": CHANGES,
    "groups:accept_invitation": CHANGES,
    "groups:add_co_host": CHANGES,
    "groups:cancel": CHANGES,
    "groups:decline_invitation": CHANGES,
    "groups:detail": CHANGES,
    "groups:edit": CHANGES,
    "groups:end_series": CHANGES,
    "join:host": CHANGES,
    "groups:hand_over": CHANGES,
    "groups:join_request": CHANGES,
    "groups:list": CHANGES,
    "groups:manage": CHANGES,
    "groups:meeting": CHANGES,
    "groups:meeting_card": CHANGES,
    "groups:mine": CHANGES,
    "groups:propose": CHANGES,
    "groups:regenerate": CHANGES,
    "groups:remove_co_host": CHANGES,
    "groups:schedule": CHANGES,
    "groups:withdraw_invitation": CHANGES,
    "join:form": CHANGES,
    "join:leave": CHANGES,
    "join:ready": CHANGES,
    "join:room": CHANGES,
    "join:room_token": CHANGES,
    "join:rules": CHANGES,
    "me:consent_withdraw": CHANGES,
    "me:overview": CHANGES,
    "me:profile": CHANGES,
    "me:session_extend": NO_CHANGE,
    "me:verification": CHANGES,
    "me:verification_withdraw": CHANGES,
    "members:detail": CHANGES,
    # The networks: the public pages, and a member's own part (taking part in
    # activities, stepping down as a networker, initiatives).
    "networks:activity": CHANGES,
    "networks:activity_calendar": CHANGES,
    "networks:detail": CHANGES,
    "networks:feed": CHANGES,
    "networks:list": CHANGES,
    "networks:mine": CHANGES,
    "networks:propose": CHANGES,
    "networks:register": CHANGES,
    "networks:step_down": CHANGES,
    "networks:unregister": CHANGES,
    "members:picture": CHANGES,
    # Neighbourhood help: staff write and manage listings with an assisted member and
    # answer the responses to them; responding and safe visits stay the person's own.
    "market:browse": CHANGES,
    "market:call": CHANGES,
    "market:create": CHANGES,
    "market:edit": CHANGES,
    "market:interests": CHANGES,
    "market:listing": CHANGES,
    "market:mine": CHANGES,
    "market:response": CHANGES,
    "market:status": CHANGES,
    "market:unfollow": CHANGES,
    "places:detail": CHANGES,
    "places:district": CHANGES,
    "places:districts": CHANGES,
    "places:list": CHANGES,
    "staff:act_stop": NO_CHANGE,
}


def matches(resolver: URLResolver, namespaces: tuple[str, ...] = ()) -> Iterator[ResolverMatch]:
    """A match for every URL pattern, the admin's included (as test_permission_matrix's
    route_names walks them)."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from matches(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield ResolverMatch(pattern.callback, (), {}, pattern.name, namespaces=list(namespaces))


def test_only_marked_views_are_allowed_while_acting():
    allowed = {}
    refused = set()
    for match in matches(get_resolver()):
        how = decision(match)
        if how is None:
            refused.add(match.view_name)
        else:
            allowed[match.view_name] = how

    assert allowed == ALLOWED
    # The staff console, the admin and the account's own security stay out of reach.
    assert {"staff:queue", "staff:act_start", "admin:index", "accounts:takeover"} <= refused
    assert {"account_email", "account_change_password", "mfa_index"} <= refused
    assert {"me:delete", "me:export", "me:sessions", "me:session_end"} <= refused
    # Conversations are the person's own: staff acting for someone neither read nor
    # write them (nor block, report or leave in the person's name).
    assert {name for name in allowed if name.startswith("chat:")} == set()
    assert {"chat:inbox", "chat:start", "chat:conversation", "chat:report"} <= refused


# --- Through the middleware, with views no list names -----------------------------------


def unmarked(request: HttpRequest) -> HttpResponse:
    return HttpResponse("new page")


@allowed_while_acting
def marked(request: HttpRequest) -> HttpResponse:
    return HttpResponse("marked page")


@login_required
@allowed_while_acting
def marked_under_another_decorator(request: HttpRequest) -> HttpResponse:
    return HttpResponse("marked page")


urlpatterns: list[Any] = [
    path("new-page/", unmarked, name="new_page"),
    path("marked-page/", marked, name="marked_page"),
    path("marked-deeper/", marked_under_another_decorator, name="marked_deeper"),
    *root_urls.urlpatterns,
]
NEW_VIEWS = override_settings(ROOT_URLCONF=__name__)


@pytest.fixture
def staff_and_member() -> tuple[User, User]:
    home = make_contact_point()
    return staff_of(home, username="helferin"), assisted_member(home, username="assistiert")


def acting_client(staff: User, member: User) -> Client:
    client = signed_in(staff)
    session = client.session
    session[ACTING_FOR_KEY] = member.pk
    session.save()
    return client


@NEW_VIEWS
def test_a_new_view_without_the_mark_is_refused_while_acting(staff_and_member):
    client = acting_client(*staff_and_member)

    response = client.get("/new-page/")
    posted = client.post("/new-page/")

    assert response.status_code == 403
    assert response.templates[0].name == "accounts/acting_blocked.html"
    assert posted.status_code == 403
    # Signed in as themselves, staff see the page: only acting is refused.
    assert signed_in(staff_and_member[0]).get("/new-page/").content == b"new page"


@NEW_VIEWS
def test_a_marked_view_works_while_acting_and_its_changes_are_recorded(staff_and_member):
    staff, member = staff_and_member
    client = acting_client(staff, member)

    response = client.get("/marked-deeper/")
    posted = client.post("/marked-page/")

    assert response.content == b"marked page"
    assert posted.content == b"marked page"
    acted = AuditEvent.objects.get(action="assisted.acted")
    assert (acted.actor, acted.on_behalf_of, acted.after) == (
        staff,
        member,
        {"view": "marked_page"},
    )


def test_taking_over_an_account_is_refused_while_acting(staff_and_member):
    # It sets the account's e-mail and password: the account's security, like signing up.
    response = acting_client(*staff_and_member).get(url("accounts:takeover"))

    assert response.status_code == 403
    assert response.templates[0].name == "accounts/acting_blocked.html"


def test_signing_out_while_acting_is_not_a_change_for_the_person(staff_and_member):
    client = acting_client(*staff_and_member)

    response = client.post(url("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="assisted.acted").exists()


def test_a_path_that_matches_nothing_is_not_found_while_acting(staff_and_member):
    response = acting_client(*staff_and_member).get("/en/no-such-page/")

    assert response.status_code == 404


def test_the_persons_pages_still_work_while_acting(staff_and_member):
    client = acting_client(*staff_and_member)

    for name in ("core:home", "groups:list", "places:list", "me:overview"):
        assert client.get(url(name)).status_code == 200, name
