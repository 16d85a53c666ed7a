"""The member's pages of neighbourhood help (/neighbourhood-help/): browse and search,
a listing with its responses, creating and managing one's own listings, responding,
agreements, safe home visits and the search calls a member follows.

Staff acting for an assisted member create and manage listings for them (the listing
stays the member's; `created_by` names the staff member). Every page works without
JavaScript; htmx only replaces the browse page's results."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.selectors import shown_name
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.pagination import pagination
from gemeinwerk.core.permissions import may, require
from gemeinwerk.market import selectors
from gemeinwerk.market.forms import BrowseForm, InterestForm, ListingForm, RespondForm, VisitForm
from gemeinwerk.market.models import Listing, Response, SearchCall, Visit
from gemeinwerk.market.services import calls, listings, responses, visits


@allowed_while_acting
@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    form = BrowseForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    criteria = {
        "query": filters.get("q", ""),
        "kind": filters.get("kind", ""),
        "category": filters.get("category"),
        "district": filters.get("district"),
    }
    page = selectors.browse_page(
        number=request.GET.get("page"),
        new=bool(filters.get("new")),
        sort=filters.get("sort") or "relevance",
        **criteria,
    )
    context = {
        "form": form,
        "listings": page.object_list,
        "pagination": pagination(request, page),
        "more": selectors.more_than_counted(page),
        "count_limit": selectors.COUNT_LIMIT,
        "calls": selectors.open_calls(
            query=criteria["query"], category=criteria["category"], district=criteria["district"]
        ),
        "filtered": any(filters.values()),
        "may_create": may(request.user, "market.create_listing"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "market/_results.html", context)
    return render(request, "market/browse.html", context)


def _listing_or_404(request: HttpRequest, pk: int) -> Listing:
    try:
        return selectors.listing_for(request.user, pk)
    except Listing.DoesNotExist as error:
        raise Http404 from error


@allowed_while_acting
@require_safe
def listing(request: HttpRequest, pk: int) -> HttpResponse:
    item = _listing_or_404(request, pk)
    return render(request, "market/listing.html", _listing_context(request, item))


def _listing_context(request: HttpRequest, item: Listing, **extra: Any) -> dict[str, Any]:
    user = request.user
    owner = may(user, "market.manage_listing", item)
    context = {
        "listing": item,
        "owner_name": shown_name(item.owner, user),
        "is_owner": owner,
        "responses": selectors.responses_to(item) if owner else [],
        "mine": selectors.response_of(user, item),
        "may_respond": may(user, "market.respond", item),
        "may_report": user.is_authenticated and may(user, "market.report_listing", item),
        "respond_form": RespondForm(),
        "acting": bool(getattr(request, "acting_staff", None)),
    }
    return context | extra


@login_required
@allowed_while_acting
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.create_listing")
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = listings.create_listing(
                owner=request.user,
                data=form.service_data(),
                publish="draft" not in request.POST,
                created_by=getattr(request, "acting_staff", None),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Your listing is published.")
                if item.status == "active"
                else _("Your listing is saved as a draft. Only you can see it."),
            )
            return redirect("market:listing", item.pk)
    return render(request, "market/listing_form.html", {"form": form, "listing": None})


def _own(request: AuthenticatedRequest, pk: int) -> Listing:
    item = get_object_or_404(Listing, pk=pk)
    if not may(request.user, "market.manage_listing", item):
        raise Http404
    return item


@login_required
@allowed_while_acting
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _own(request, pk)
    form = ListingForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            listings.update_listing(user=request.user, listing=item, data=form.service_data())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("market:listing", item.pk)
    return render(request, "market/listing_form.html", {"form": form, "listing": item})


STATUS_ACTIONS = {
    "publish": (listings.publish, gettext_lazy("Your listing is published.")),
    "pause": (listings.pause, gettext_lazy("Paused. Nobody sees it while you are booked out.")),
    "resume": (listings.resume, gettext_lazy("Your listing is shown again.")),
    "extend": (listings.extend, gettext_lazy("Your listing runs longer now.")),
}


@login_required
@allowed_while_acting
@require_POST
def status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _own(request, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("fulfilled", "withdrawn"):
            listings.close(user=request.user, listing=item, fulfilled=action == "fulfilled")
            messages.success(request, _("Your listing is closed. Thank you!"))
        elif action in STATUS_ACTIONS:
            run, said = STATUS_ACTIONS[action]
            run(user=request.user, listing=item)
            messages.success(request, str(said))
        else:
            messages.error(request, _("Please choose what to do."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("market:listing", item.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _listing_or_404(request, pk)
    require(request.user, "market.respond", item)
    if selectors.response_of(request.user, item) is not None:
        messages.info(request, _("You have already responded to this listing."))
        return redirect("market:listing", item.pk)
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = responses.respond(
                responder=request.user, listing=item, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your message is sent. You can go on in the chat."))
            if response.conversation_id:
                return redirect("chat:conversation", response.conversation_id)
            return redirect("market:listing", item.pk)
    return render(
        request, "market/listing.html", _listing_context(request, item, respond_form=form)
    )


RESPONSE_ACTIONS = ("accept", "decline", "done", "end")


@login_required
@allowed_while_acting
@require_POST
def response_action(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response.objects.select_related("listing"), pk=pk)
    if not may(request.user, "market.view_response", response):
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action in ("accept", "decline"):
            responses.decide(owner=request.user, response=response, accept=action == "accept")
            messages.success(
                request,
                _("Agreed. Arrange the details in the chat.")
                if action == "accept"
                else _("Declined. The person is told kindly."),
            )
        elif action == "done":
            responses.mark_done(user=request.user, response=response)
            messages.success(request, _("Marked as done. Thank you for helping each other!"))
        elif action == "end":
            responses.end(user=request.user, response=response)
            messages.success(request, _("Ended. The other person is told kindly."))
        else:
            messages.error(request, _("Please choose what to do."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        # A second click from a page that was out of date: the state has moved on.
        messages.error(request, _("This is no longer possible: the page was out of date."))
    return redirect(_back(request, response))


def _back(request: HttpRequest, response: Response) -> str:
    """Back where the button was: the chat or the listing (a path on this site only)."""
    back = request.POST.get("next", "")
    # Django's own check, too: browsers read "/\evil.example" as "//evil.example".
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return listings.listing_path(response.listing)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_visit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response.objects.select_related("listing"), pk=pk)
    if not may(request.user, "market.view_response", response):
        raise Http404
    require(request.user, "market.plan_visit", response)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = (
                visits.trusted_member_by_name(data["trusted_member"], person=request.user)
                if data["contact"] == "member"
                else None
            )
            visit = visits.plan_visit(
                person=request.user,
                response=response,
                check_out_by=data["check_out_by"],
                trusted_member=member,
                trusted_contact_point=data["trusted_contact_point"] if member is None else None,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your safe visit is set. Check out when you are done."))
            return redirect("market:visit", visit.pk)
    return render(request, "market/plan_visit.html", {"form": form, "response": response})


VISIT_ACTIONS = {
    "check_in": (visits.check_in, gettext_lazy("Checked in.")),
    "check_out": (visits.check_out, gettext_lazy("Checked out. Good to know all is well.")),
    "cancel": (visits.cancel, gettext_lazy("The safe visit is cancelled.")),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.visit_for(request.user, pk)
    except Visit.DoesNotExist as error:
        raise Http404 from error
    if request.method == "POST":
        action = VISIT_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Please choose what to do."))
        else:
            try:
                action[0](person=request.user, visit=item)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, str(action[1]))
        return redirect("market:visit", item.pk)
    return render(request, "market/visit.html", {"visit": item})


@login_required
@allowed_while_acting
@require_safe
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "market/mine.html",
        {
            "listings": selectors.listings_of(request.user),
            "responses": selectors.responses_of(request.user),
            "visits": selectors.visits_of(request.user),
            "may_create": may(request.user, "market.create_listing"),
            "may_follow": may(request.user, "market.follow_interests"),
        },
    )


@login_required
@allowed_while_acting
@require_http_methods(["GET", "HEAD", "POST"])
def interests(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.follow_interests")
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        calls.follow(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. You will hear of search calls for this."))
        return redirect("market:interests")
    return render(
        request,
        "market/interests.html",
        {"form": form, "interests": selectors.interests_of(request.user)},
    )


@login_required
@allowed_while_acting
@require_POST
def unfollow(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    calls.unfollow(user=request.user, interest_id=pk)
    messages.success(request, _("Removed."))
    return redirect("market:interests")


@allowed_while_acting
@require_safe
def call(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.public_call(pk)
    except SearchCall.DoesNotExist as error:
        raise Http404 from error
    return render(request, "market/call.html", {"call": item})
