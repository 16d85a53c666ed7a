"""Hosting a group: the usage agreement, meetings and their room codes, co-hosts."""

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.groups import selectors
from gemeinwerk.groups.forms import AgreementForm, CoHostForm, GroupForm, MeetingForm, MoveForm
from gemeinwerk.groups.models import (
    Follower,
    Group,
    HostInvitation,
    InvitationStatus,
    Meeting,
    Occurrence,
)
from gemeinwerk.groups.rules import (
    current_agreement,
)
from gemeinwerk.groups.schedule import EARLY_ENTRY_MINUTES
from gemeinwerk.groups.services import directory as directory_services
from gemeinwerk.groups.services import followers
from gemeinwerk.groups.services import hosts as host_services
from gemeinwerk.groups.services import meetings as meeting_services
from gemeinwerk.groups.services.meetings import room_code_of

View = Any


def managed(view: View) -> View:
    """The group's hosts and co-hosts, its contact point and admins."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, slug: str, *args: Any, **kwargs: Any) -> Any:
        group = get_object_or_404(Group.objects.select_related("contact_point"), slug=slug)
        require(request.user, "groups.manage_group", group)
        return view(request, group, *args, **kwargs)

    return wrapper


@allowed_while_acting
@managed
@require_safe
def dashboard(request: AuthenticatedRequest, group: Group) -> HttpResponse:
    agreement = current_agreement()
    dashboard = selectors.host_dashboard(group)
    return render(
        request,
        "groups/manage/dashboard.html",
        {
            "dashboard": dashboard,
            "agreement": agreement,
            "agreement_text": agreement.text_in(translation.get_language() or "de")
            if agreement
            else "",
            "agreement_form": AgreementForm(),
            "may_schedule": may(request.user, "groups.schedule_meeting", group),
            # Only the main host chooses co-hosts and hands the group over.
            "leads": may(request.user, "groups.choose_co_hosts", group),
            # The host, and the office for the host offers it made: whoever may take
            # the question back gets the button.
            "withdrawable": {
                invitation.pk
                for invitation in dashboard.invitations
                if host_services.may_invite(request.user, group, invitation.role)
            },
            "co_host_form": CoHostForm(),
            # Who asked for reminders: for the group's own hosts only, not its office.
            "followers": selectors.followers_of(group)
            if may(request.user, "groups.remove_follower", group)
            else None,
        },
    )


@allowed_while_acting
@managed
def edit_group(request: AuthenticatedRequest, group: Group) -> HttpResponse:
    """Hosts keep their group's page up to date: description, rhythm, place, languages."""
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.update_group(
                group=group,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The group page has been updated."))
            if group.requested_contact_point is not None:
                messages.info(
                    request,
                    _(
                        "%(office)s will look at the move. Until it agrees, the group stays "
                        "with %(current)s."
                    )
                    % {
                        "office": group.requested_contact_point.name,
                        "current": group.contact_point.name,
                    },
                )
            return redirect("groups:manage", slug=group.slug)
    return render(request, "groups/manage/edit.html", {"group": group, "form": form})


@allowed_while_acting
@managed
@require_POST
def accept_agreement(request: AuthenticatedRequest, group: Group) -> HttpResponse:
    agreement = current_agreement()
    form = AgreementForm(request.POST)
    if agreement is None or not form.is_valid():
        messages.error(request, _("Please tick the box to accept the usage agreement."))
        return redirect("groups:manage", slug=group.slug)
    if not may(request.user, "groups.accept_agreement"):
        messages.error(
            request,
            _("The host training is not recorded yet. Please ask your contact point."),
        )
        return redirect("groups:manage", slug=group.slug)
    host_services.accept_agreement(member=request.user, agreement=agreement)
    messages.success(request, _("Thank you. You can now schedule meetings."))
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
def schedule(request: AuthenticatedRequest, group: Group) -> HttpResponse:
    if not may(request.user, "groups.schedule_meeting", group):
        messages.warning(
            request,
            _("Before you schedule meetings, accept the current usage agreement below."),
        )
        return redirect("groups:manage", slug=group.slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.schedule_meeting(
                group=group, host=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The meeting is scheduled. Here is its room code."))
            return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)
    return render(request, "groups/manage/schedule.html", {"group": group, "form": form})


def _meeting(group: Group, pk: int) -> Meeting:
    return get_object_or_404(Meeting, group=group, pk=pk)


@allowed_while_acting
@managed
@require_safe
def meeting_detail(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    meeting = _meeting(group, pk)
    upcoming = meeting.occurrences.filter(
        cancelled_at__isnull=True, ends_at__gt=timezone.now()
    ).order_by("starts_at")
    return render(
        request,
        "groups/manage/meeting.html",
        {
            "group": group,
            "meeting": meeting,
            "occurrences": upcoming[:12],
            "code": None if meeting.rotate_code else room_code_of(meeting),
            "join_url": request.build_absolute_uri(reverse("join:form")),
            "early_minutes": EARLY_ENTRY_MINUTES,
        },
    )


@allowed_while_acting
@managed
@require_safe
def meeting_card(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    """A page to print and hand out: the code, the date and how to join."""
    meeting = _meeting(group, pk)
    occurrence = None
    if meeting.rotate_code:
        occurrence = get_object_or_404(
            Occurrence, meeting=meeting, pk=request.GET.get("occurrence") or 0
        )
    return render(
        request,
        "groups/manage/card.html",
        {
            "group": group,
            "meeting": meeting,
            "occurrence": occurrence,
            "code": room_code_of(meeting, occurrence),
            "join_url": request.build_absolute_uri(reverse("join:form")),
            "early_minutes": EARLY_ENTRY_MINUTES,
        },
    )


@allowed_while_acting
@managed
@require_POST
def regenerate(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    meeting = _meeting(group, pk)
    occurrence = None
    if meeting.rotate_code:
        occurrence = get_object_or_404(
            Occurrence, meeting=meeting, pk=request.POST.get("occurrence") or 0
        )
    meeting_services.regenerate_code(meeting=meeting, actor=request.user, occurrence=occurrence)
    messages.success(request, _("The room code has been changed. The old one no longer works."))
    return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)


@allowed_while_acting
@managed
@require_POST
def cancel(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    meeting = _meeting(group, pk)
    occurrence = get_object_or_404(
        Occurrence, meeting=meeting, pk=request.POST.get("occurrence") or 0
    )
    meeting_services.cancel_occurrence(occurrence=occurrence, actor=request.user)
    messages.success(request, _("This date has been cancelled."))
    return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)


@allowed_while_acting
@managed
@require_http_methods(["GET", "HEAD", "POST"])
def move(request: AuthenticatedRequest, group: Group, pk: int, occurrence_pk: int) -> HttpResponse:
    """Move one date to another day or time; the people who asked hear of it."""
    require(request.user, "groups.move_meeting", group)
    meeting = _meeting(group, pk)
    occurrence = get_object_or_404(
        Occurrence, meeting=meeting, pk=occurrence_pk, cancelled_at__isnull=True
    )
    local = timezone.localtime(occurrence.starts_at)
    form = MoveForm(request.POST or None, initial={"day": local.date(), "start_time": local.time()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.move_occurrence(
                occurrence=occurrence, actor=request.user, starts_at=form.starts_at()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The date has been moved."))
            return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)
    return render(
        request,
        "groups/manage/move.html",
        {"group": group, "meeting": meeting, "occurrence": occurrence, "form": form},
    )


@allowed_while_acting
@managed
@require_POST
def end_series(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    meeting_services.end_series(meeting=_meeting(group, pk), actor=request.user)
    messages.success(request, _("The meetings have ended. Their codes no longer work."))
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
@require_POST
def add_co_host(request: AuthenticatedRequest, group: Group) -> HttpResponse:
    """The main host invites a verified member; they become co-host once they accept."""
    require(request.user, "groups.choose_co_hosts", group)
    form = CoHostForm(request.POST)
    member = None
    if form.is_valid():
        member = User.objects.filter(username__iexact=form.cleaned_data["username"].strip()).first()
    if member is None:
        # The same words as for an unverified account: the form tells no host whether
        # a user name exists.
        messages.error(request, str(host_services.NOT_INVITED))
        return redirect("groups:manage", slug=group.slug)
    try:
        host_services.invite_co_host(group=group, member=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "%(name)s is invited. They become co-host once they accept on their "
                "“My groups” page."
            )
            % {"name": member.username},
        )
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
@require_POST
def remove_co_host(request: AuthenticatedRequest, group: Group, user_id: int) -> HttpResponse:
    require(request.user, "groups.choose_co_hosts", group)
    member = get_object_or_404(User, pk=user_id)
    host_services.remove_co_host(group=group, member=member, actor=request.user)
    messages.success(request, _("The co-host has been removed."))
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
@require_POST
def remove_follower(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    require(request.user, "groups.remove_follower", group)
    follower = get_object_or_404(Follower, pk=pk, group=group)
    followers.remove_follower(actor=request.user, follower=follower)
    messages.success(request, _("The person no longer gets this group's reminders."))
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
@require_POST
def hand_over(request: AuthenticatedRequest, group: Group, user_id: int) -> HttpResponse:
    """Offers the host role to a co-host; they take it over once they accept."""
    require(request.user, "groups.hand_over_group", group)
    member = get_object_or_404(User, pk=user_id)
    try:
        host_services.offer_host_role(group=group, to=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is asked to take the group over. You stay host until they accept.")
            % {"name": member.username},
        )
    return redirect("groups:manage", slug=group.slug)


@allowed_while_acting
@managed
@require_POST
def withdraw_invitation(request: AuthenticatedRequest, group: Group, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        HostInvitation, group=group, pk=pk, status=InvitationStatus.PENDING
    )
    host_services.withdraw_invitation(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("groups:manage", slug=group.slug)
