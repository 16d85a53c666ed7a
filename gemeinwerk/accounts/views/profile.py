"""Profile pages: the member edits their profile; others see what its visibility allows."""

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts import profile_actions
from gemeinwerk.accounts.forms import ProfileForm
from gemeinwerk.accounts.models import Language, Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.rules import ProfileAudience, profile_audience, visible_to
from gemeinwerk.accounts.services.profile import update_profile
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.permissions import may

PICTURE_MAX_AGE = 300


@allowed_while_acting
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    member: User = request.user  # type: ignore[assignment]
    # No row is created for a GET: the first save creates it.
    profile = Profile.objects.filter(user=member).first() or Profile(user=member)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, profile=profile)
        if form.is_valid():
            try:
                update_profile(
                    member=member,
                    data=form.profile_data(),
                    picture_upload=form.cleaned_data["picture"],
                    remove_picture=form.cleaned_data.get("remove_picture", False),
                    # Set by the middleware while staff act for an assisted member.
                    actor=getattr(request, "acting_staff", member),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("me:profile")
    else:
        form = ProfileForm(profile=profile)
    detail_url = reverse("members:detail", args=[member.public_id])
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "form": form,
            "profile": profile,
            # A form sent back with errors has lost the chosen file: say so.
            "picture_sent": bool(form.errors)
            and "picture" not in form.errors
            and "picture" in request.FILES,
            "picture_url": picture_url(member, profile),
            "detail_url": detail_url,
            **preview_urls(detail_url),
        },
    )


@allowed_while_acting
@require_safe
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    member, profile = _member_and_profile(request, public_id)
    audience = profile_audience(request.user, profile)
    is_owner = audience == ProfileAudience.OWNER
    preview = None
    if is_owner and request.GET.get("as") in (ProfileAudience.PUBLIC, ProfileAudience.MEMBERS):
        # The owner sees the page as the chosen audience would.
        audience = preview = ProfileAudience(request.GET["as"])
    # The owner's own view lists every filled field with who can see it.
    owner_view = is_owner and preview is None
    entries = visible_entries(profile, audience, with_visibility=owner_view)
    # User names are chosen pseudonyms and always shown; the display name only when
    # its visibility admits the viewer.
    show_display_name = bool(profile.display_name) and visible_to(audience, profile, "display_name")
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "member": member,
            "profile": profile,
            "name": member.shown_name if show_display_name else member.username,
            "entries": entries,
            "is_owner": is_owner,
            "owner_view": owner_view,
            "preview": preview,
            "detail_url": request.path,
            **preview_urls(request.path),
            "picture_url": picture_url(member, profile)
            if visible_to(audience, profile, "picture")
            else "",
            "picture_visibility": profile.get_picture_visibility_display() if owner_view else "",
            # Only staff, admins and the member themselves get this far for such a member.
            "not_taking_part": not member.is_active or member.trust_level == TrustLevel.SUSPENDED,
            "actions": [] if is_owner else profile_actions.for_viewer(request.user, member),
        },
    )


@allowed_while_acting
@require_safe
def picture(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _member, profile = _member_and_profile(request, public_id)
    if not profile.picture or not visible_to(
        profile_audience(request.user, profile), profile, "picture"
    ):
        raise Http404
    etag = f'"{picture_version(profile)}"'
    headers = {
        "Cache-Control": f"private, max-age={PICTURE_MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
        "ETag": etag,
    }
    if etag in request.headers.get("if-none-match", ""):
        return HttpResponseNotModified(headers=headers)
    try:
        with profile.picture.open("rb") as handle:
            # Our own re-encoded JPEG of at most 512x512: small enough to send in one
            # piece, which under ASGI is cheaper than a file iterator run in a thread.
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    return HttpResponse(content, content_type="image/jpeg", headers=headers)


def _member_and_profile(request: HttpRequest, public_id: UUID) -> tuple[User, Profile]:
    """The member and their profile, or 404 for unknown addresses and for members the
    viewer may not see: both look the same."""
    member = User.objects.select_related("profile__district").filter(public_id=public_id).first()
    if member is None or not may(request.user, "accounts.view_profile", member):
        raise Http404
    # A member who never saved the profile has no row: an empty profile shows nothing.
    profile = getattr(member, "profile", None) or Profile(user=member)
    return member, profile


def preview_urls(detail_url: str) -> dict[str, str]:
    """The owner's views of their page as others see it."""
    return {
        f"preview_{name}_url": f"{detail_url}?{urlencode({'as': audience})}"
        for name, audience in (
            ("public", ProfileAudience.PUBLIC),
            ("members", ProfileAudience.MEMBERS),
        )
    }


def picture_version(profile: Profile) -> str:
    """Changes with every new picture (each gets a new random name) without revealing
    the name."""
    return hashlib.sha256((profile.picture.name or "").encode()).hexdigest()[:16]


def picture_url(member: User, profile: Profile) -> str:
    if not profile.picture:
        return ""
    url = reverse("members:picture", args=[member.public_id])
    return f"{url}?{urlencode({'v': picture_version(profile)})}"


@dataclass(frozen=True)
class Entry:
    name: str
    label: str
    value: Any
    # Shown to the owner only: who else can see this field.
    visibility: str = ""
    link: str = ""


def visible_entries(
    profile: Profile, audience: ProfileAudience, *, with_visibility: bool
) -> list[Entry]:
    """The filled fields the audience may see, in the form's order. The picture has a
    place of its own; the display name is the page's heading, listed only for the owner
    (with its visibility)."""
    entries = []
    for name in Profile.FIELDS:
        if name == "picture" or not visible_to(audience, profile, name):
            continue
        if name == "display_name" and not with_visibility:
            continue
        entry = _entry(profile, name)
        if entry is None:
            continue
        if with_visibility:
            label = Visibility(getattr(profile, f"{name}_visibility")).label
            entry = replace(entry, visibility=str(label))
        entries.append(entry)
    return entries


def _entry(profile: Profile, name: str) -> Entry | None:
    if name == "display_name" and profile.display_name:
        return Entry(name, _("Display name"), profile.display_name)
    if name == "about" and profile.about:
        return Entry(name, _("About me"), profile.about)
    if name == "languages" and profile.languages:
        labels = [
            str(Language(code).label) for code in Language.values if code in profile.languages
        ]
        return Entry(name, _("Languages"), ", ".join(labels)) if labels else None
    if name == "district" and profile.district is not None:
        district = profile.district
        return Entry(name, _("District"), district.name, link=district.get_absolute_url())
    if name == "phone" and profile.phone:
        return Entry(name, _("Phone"), profile.phone, link=f"tel:{tel_uri(profile.phone)}")
    return None


def tel_uri(phone: str) -> str:
    # RFC 3966 allows only digits, a leading + and visual separators; spaces and
    # slashes, common in written German numbers, are not among them.
    return re.sub(r"[^0-9+]", "", phone)
