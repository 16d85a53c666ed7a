"""Accounts' part of the staff console: verification queue, member search and
decisions, assisted accounts, roles and the audit trail. Every view asks a rules
permission; the roles' powers require completed two-factor login (accounts.rules), and
the middleware leads those who lack it to setting it up. The member page shows the
panels other apps registered (gemeinwerk/console/registry.py)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk import audit
from gemeinwerk.accounts import selectors
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.forms import (
    AssistedAccountForm,
    MemberSearchForm,
    OptionalReasonForm,
    ReasonForm,
    RoleAssignmentForm,
    VerifyForm,
)
from gemeinwerk.accounts.models import RoleAssignment, User, VerificationRequest
from gemeinwerk.accounts.services import assisted, roles, trust
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console, outside_the_gate
from gemeinwerk.console.registry import member_panels_for
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require


def get_member(request: AuthenticatedRequest, public_id: UUID) -> User:
    """A member in the care of the staff member's contact points; anyone else is "not
    found", like an address that does not exist."""
    try:
        member = selectors.member_by_public_id(public_id)
    except User.DoesNotExist as error:
        raise Http404 from error
    if not may(request.user, "accounts.view_member_details", member):
        raise Http404
    return member


@console
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/staff/queue.html",
        {
            "requests": selectors.verification_queue(request.user),
            "takeovers": selectors.takeovers_awaiting_confirmation(request.user),
            "contact_points": selectors.console_contact_points(request.user),
        },
    )


@console
def search(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "accounts.view_member")
    form = MemberSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.search_members(form.cleaned_data["query"], staff=request.user)
    return render(request, "accounts/staff/search.html", {"form": form, "results": results})


def member_page(request: AuthenticatedRequest, member: User, **forms: Any) -> HttpResponse:
    contact_points = selectors.console_contact_points(request.user)
    assisted_account = selectors.assisted_account(member)
    context = {
        "member": member,
        "verify_form": forms.get("verify_form") or VerifyForm(contact_points=contact_points),
        "suspend_form": forms.get("suspend_form") or ReasonForm(),
        "restore_form": forms.get("restore_form") or OptionalReasonForm(),
        "assisted": assisted_account,
        # Only the contact point's staff may act for the person, because the person's
        # consent was given to them: no admin (accounts.rules).
        "may_act": may(request.user, "accounts.act_for", member),
        "supports": may(request.user, "accounts.issue_takeover_code", member),
        # An admin who created the account or issued the code is no second pair of
        # eyes either.
        "may_confirm_takeover": may(request.user, "accounts.confirm_takeover", member),
        "may_verify": may(request.user, "accounts.verify_member", member),
        "may_suspend": may(request.user, "accounts.suspend_member", member),
        "panels": member_panels_for(request, member),
        **selectors.member_history(member),
    }
    status = 400 if forms else 200
    return render(request, "accounts/staff/member.html", context, status=status)


@console
@require_safe
def member_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    require(request.user, "accounts.view_member")
    member = get_member(request, public_id)
    # Reading someone's e-mail address, or an assisted person's name, is recorded, so the
    # trail shows who looked. Here only: a form sent back with errors re-shows the page
    # just read, and a refused request must change nothing.
    audit.record(
        actor=request.user,
        action=AuditAction.MEMBER_VIEWED,
        subject=member,
        after={"shown": ["email", "display_name"] if hasattr(member, "assisted") else ["email"]},
    )
    return member_page(request, member)


@console
@require_POST
def verify(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.verify_member", member)
    form = VerifyForm(request.POST, contact_points=selectors.console_contact_points(request.user))
    if form.is_valid():
        try:
            trust.verify_member(member=member, staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The account is verified."))
            return redirect("staff:member", public_id=member.public_id)
    return member_page(request, member, verify_form=form)


@console
@require_POST
def suspend(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.suspend_member", member)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            trust.suspend_member(member=member, staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The account is suspended."))
            return redirect("staff:member", public_id=member.public_id)
    return member_page(request, member, suspend_form=form)


@console
@require_POST
def restore(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.suspend_member", member)
    form = OptionalReasonForm(request.POST)
    if form.is_valid():
        try:
            trust.restore_member(member=member, staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The suspension has been lifted."))
            return redirect("staff:member", public_id=member.public_id)
    return member_page(request, member, restore_form=form)


@console
@require_POST
def close_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    verification_request = get_object_or_404(
        VerificationRequest.objects.select_related("contact_point", "member"), pk=pk
    )
    require(request.user, "accounts.handle_verification_request", verification_request)
    try:
        trust.close_verification_request(request=verification_request, staff=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request has been closed."))
    return redirect("staff:queue")


@console
def assisted_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "accounts.create_assisted_account")
    form = AssistedAccountForm(
        request.POST or None, contact_points=selectors.console_contact_points(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = assisted.create_assisted_account(staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The account “%(name)s” has been created.") % {"name": member.username},
            )
            return redirect("staff:member", public_id=member.public_id)
    return render(request, "accounts/staff/assisted_new.html", {"form": form})


@console
@require_POST
def act_start(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.act_for", member)
    assisted.start_acting(staff=request.user, member=member, session=request.session)
    messages.info(
        request,
        _("You now act for %(name)s. Everything you do is recorded.") % {"name": member.shown_name},
    )
    return redirect("me:overview")


@outside_the_gate  # only clears the acting state: harmless for anyone signed in
@allowed_while_acting(changes_for_the_person=False)
@login_required
@require_POST
def act_stop(request: AuthenticatedRequest) -> HttpResponse:
    # Reached while acting: request.user is the assisted member, the staff member is
    # request.acting_staff.
    staff = getattr(request, "acting_staff", request.user)
    assisted.stop_acting(staff=staff, session=request.session)
    messages.info(request, _("You act for yourself again."))
    return redirect("staff:queue")


@console
@require_POST
def assisted_delete(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.delete_assisted_account", member)
    if request.POST.get("requested") != "yes":
        messages.error(request, _("Please confirm that the person asked for the deletion."))
        return redirect("staff:member", public_id=member.public_id)
    assisted.delete_assisted_account(staff=request.user, member=member)
    messages.success(request, _("The account and all its data have been deleted."))
    return redirect("staff:queue")


@console
@require_POST
def takeover_confirm(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.confirm_takeover", member)
    try:
        assisted.confirm_takeover(staff=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Confirmed: the person can now take the account over with the code.")
        )
    return redirect("staff:member", public_id=member.public_id)


@console
@require_POST
def takeover_code(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    member = get_member(request, public_id)
    require(request.user, "accounts.issue_takeover_code", member)
    code = assisted.issue_takeover_code(staff=request.user, member=member)
    # Shown once, in the answer to this POST: never in a URL, never stored in clear.
    return render(request, "accounts/staff/takeover_code.html", {"member": member, "code": code})


@console
def role_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "accounts.assign_roles")
    form = RoleAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            roles.assign_role(
                user=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                contact_point=form.cleaned_data["contact_point"],
                assigned_by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The role has been given."))
            return redirect("staff:roles")
    assignments = RoleAssignment.objects.select_related("user", "contact_point")
    return render(
        request,
        "accounts/staff/roles.html",
        {"form": form, "assignments": assignments},
        status=400 if form.errors else 200,
    )


@console
@require_POST
def role_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "accounts.assign_roles")
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    roles.revoke_role(assignment=assignment, revoked_by=request.user)
    messages.success(request, _("The role has been taken back."))
    return redirect("staff:roles")


@console
@require_safe
def audit_trail(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "audit.view_events")
    return render(
        request,
        "accounts/staff/audit.html",
        {"events": selectors.visible_audit_events(request.user)},
    )
