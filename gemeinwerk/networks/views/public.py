"""The networks' public pages: no account needed. The newcomer page says what a
network is, its principles, what is on and which contact point is open now, and
prints as one page to hand out. Calendar files for one activity and a whole network."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from gemeinwerk.core import pagecache
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.permissions import may
from gemeinwerk.networks import calendar, recurrence, selectors
from gemeinwerk.networks.forms import DistrictFilterForm
from gemeinwerk.networks.models import Activity, Network
from gemeinwerk.networks.pagecache import SCOPES


def get_network(slug: str) -> Network:
    try:
        return selectors.network_by_slug(slug)
    except Network.DoesNotExist:
        raise Http404 from None


def get_activity(network: Network, pk: int) -> Activity:
    try:
        return selectors.activity_in(network, pk)
    except Activity.DoesNotExist:
        raise Http404 from None


@allowed_while_acting
@require_safe
def network_list(request: HttpRequest) -> HttpResponse:
    form = DistrictFilterForm(request.GET or None)
    district = form.cleaned_data.get("district") if form.is_valid() else None

    def part() -> pagecache.Rendered:
        context = {
            "form": form,
            "district": district,
            "networks": selectors.network_list(district=district),
        }
        return pagecache.Rendered(
            render_to_string("networks/_list.html", context),
            keep=not form.errors,  # an unknown district says so in an error: not kept
        )

    content = pagecache.part(
        request,
        "networks:list",
        scopes=SCOPES,
        render=part,
        cacheable=pagecache.plain_query(request, ("district",)),
    )
    return render(
        request,
        "networks/list.html",
        {"content": content},
        status=400 if form.errors else 200,
    )


@allowed_while_acting
@require_safe
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network(slug)

    def part() -> pagecache.Rendered:
        now = timezone.now()
        page = selectors.network_page(network=network, now=now)
        context = {
            "network": network,
            "page": page,
            "address": calendar.absolute(network.get_absolute_url()),
        }
        return pagecache.Rendered(
            render_to_string("networks/_detail.html", context),
            until=selectors.network_page_valid_until(page, now),
        )

    content = pagecache.part(
        request,
        "networks:detail",
        scopes=SCOPES,
        render=part,
        cacheable=pagecache.plain_query(request, ()),
    )
    user = request.user
    return render(
        request,
        "networks/detail.html",
        {
            "network": network,
            "content": content,
            "own_role": selectors.role_on(network, user),
            "may_post": may(user, "networks.post_activity", network),
            "may_propose": may(user, "networks.propose_initiative", network),
        },
    )


@allowed_while_acting
@require_safe
def activity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network(slug)
    activity = get_activity(network, pk)
    user = request.user
    registration = selectors.own_registration(activity, user)
    now = timezone.now()
    return render(
        request,
        "networks/activity.html",
        {
            "network": network,
            "activity": activity,
            "dates": [
                (start, start + activity.duration)
                for start in recurrence.starts(activity, after=now, limit=4)
            ],
            "places": selectors.places(activity) if activity.needs_registration else None,
            "registration": registration,
            "position": selectors.waiting_position(registration)
            if registration is not None and registration.is_waiting
            else None,
            "may_register": may(user, "networks.register", activity),
            "may_manage": may(user, "networks.manage_activity", activity),
            "is_over": not recurrence.is_upcoming(activity, now=now),
        },
    )


@allowed_while_acting
@require_safe
def activity_calendar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    activity = get_activity(get_network(slug), pk)
    return calendar.response(calendar.activity_calendar(activity), activity.title)


@allowed_while_acting
@require_safe
def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    content = calendar.network_feed(network, selectors.feed_activities(network=network))
    answer = calendar.response(content, network.name)
    # A feed is subscribed to, not downloaded once.
    answer["Content-Disposition"] = answer["Content-Disposition"].replace("attachment", "inline")
    return answer
