"""The public directory: find a group, read its page, ask to join, propose a group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core import pagecache
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.pagination import pagination
from gemeinwerk.core.permissions import may
from gemeinwerk.core.ratelimit import client_key
from gemeinwerk.groups import selectors
from gemeinwerk.groups.forms import DirectoryFilterForm, GroupForm, JoinRequestForm
from gemeinwerk.groups.models import Group
from gemeinwerk.groups.services import followers
from gemeinwerk.groups.services.directory import propose_group
from gemeinwerk.groups.services.requests import send_join_request

# The addresses the directory's own form and page links make; others are not kept.
DIRECTORY_QUERY = ("q", "topic", "district", "language", "format", "page")
# A card shows a group and its district's name; the filter lists the districts.
DIRECTORY_SCOPES = ("groups", "places")


@allowed_while_acting
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    htmx = bool(request.headers.get("HX-Request"))
    content = pagecache.part(
        request,
        "groups:results" if htmx else "groups:directory",
        scopes=DIRECTORY_SCOPES,
        render=lambda: _directory(request, htmx=htmx),
        # Searches are many and rarely repeated: they are rendered, not kept.
        cacheable=pagecache.plain_query(request, DIRECTORY_QUERY) and not request.GET.get("q"),
    )
    if htmx:
        return HttpResponse(content)
    return render(request, "groups/list.html", {"content": content})


def _directory(request: HttpRequest, *, htmx: bool) -> pagecache.Rendered:
    """The directory without its frame (or, for htmx, its results), for anyone."""
    form = DirectoryFilterForm(request.GET or None)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    page = selectors.directory_page(
        number=request.GET.get("page"),
        query=filters.get("q", ""),
        topic=filters.get("topic", ""),
        district=filters.get("district"),
        language=filters.get("language", ""),
        format=filters.get("format", ""),
    )
    template = "groups/_results.html" if htmx else "groups/_directory.html"
    context = {
        "form": form,
        "groups": page.object_list,
        "pagination": pagination(request, page),
        "filtered": bool(filters),
    }
    # Without the request: what is kept for everyone cannot hold anyone's token or name.
    return pagecache.Rendered(render_to_string(template, context), keep=valid or not form.is_bound)


def _group_or_404(slug: str) -> Group:
    try:
        return selectors.public_group(slug)
    except Group.DoesNotExist as error:
        raise Http404 from error


@allowed_while_acting
@require_safe
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(slug)
    may_manage = may(request.user, "groups.manage_group", group)

    def part() -> pagecache.Rendered:
        occurrences = selectors.upcoming_occurrences(group)
        context = {"group": group, "occurrences": occurrences, "may_manage": may_manage}
        return pagecache.Rendered(
            render_to_string("groups/_detail.html", context),
            # The first date listed drops off the page when it is over.
            until=min((occurrence.ends_at for occurrence in occurrences), default=None),
        )

    content = pagecache.part(
        request,
        "groups:detail",
        # The page names the group's district and contact point, and its next dates.
        scopes=(*DIRECTORY_SCOPES, "meetings"),
        render=part,
        cacheable=pagecache.plain_query(request, ()),
    )
    return render(request, "groups/detail.html", {"group": group, "content": content})


@allowed_while_acting
def join_request(request: HttpRequest, slug: str) -> HttpResponse:
    """A short form that goes to the contact point, never to the host's address."""
    group = _group_or_404(slug)
    form = JoinRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            send_join_request(group=group, client=client_key(request), **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
            status = 429 if getattr(error, "code", None) == "rate_limited" else 200
        else:
            return render(request, "groups/join_request_sent.html", {"group": group})
    context = {"group": group, "form": form}
    return render(request, "groups/join_request.html", context, status=status)


@allowed_while_acting
@login_required
def propose(request: AuthenticatedRequest) -> HttpResponse:
    if not may(request.user, "groups.propose_group"):
        return render(request, "groups/propose_not_verified.html", status=403)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = propose_group(member=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you! %(office)s will look at your proposal and contact you.")
                % {"office": group.contact_point.name},
            )
            return redirect("groups:mine")
    return render(request, "groups/propose.html", {"form": form})


@allowed_while_acting
@login_required
@require_safe
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "groups/mine.html",
        {
            "groups": selectors.groups_of(request.user),
            "invitations": selectors.open_invitations(request.user),
            "followed": selectors.followed_groups(request.user),
        },
    )


@allowed_while_acting
@login_required
@require_POST
def stop_following(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    followers.stop_following(user=request.user, group=group)
    messages.success(
        request, _("You no longer get reminders of “%(name)s”.") % {"name": group.name}
    )
    return redirect("groups:mine")
