"""The profile: per-field visibility, the picture pipeline, the pages and who sees what."""

import io
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from gemeinwerk.accounts import pictures
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Profile,
    Role,
    RoleAssignment,
    TrustLevel,
    User,
    Visibility,
)
from gemeinwerk.accounts.pictures import PictureError
from gemeinwerk.accounts.rules import ProfileAudience, profile_audience, visible_to
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY
from gemeinwerk.accounts.services.profile import update_profile
from gemeinwerk.accounts.tests import images
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.accounts.tests.more_factories import signed_in, with_two_factor
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.permissions import may
from gemeinwerk.places.models import District
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory

pytestmark = pytest.mark.django_db

VALUES: dict[str, Any] = {
    "display_name": "Erika Musterfrau",
    "about": "Ich gärtnere gern.",
    "languages": ["de", "pl"],
    "phone": "+49 711 123456",
}


def make_user(**kwargs: Any) -> User:
    # factory_boy's types say "UserFactory"; the object is a User.
    return cast(User, UserFactory(**kwargs))


def make_district(**kwargs: Any) -> District:
    return cast(District, DistrictFactory(**kwargs))


def url(name: str, *args: Any) -> str:
    # English pages: the assertions below read English text.
    with translation.override("en"):
        return reverse(name, args=args)


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "profiles"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def new_picture(member: User, filename: str = "p.png") -> str:
    """Upload a picture for the member; the stored file's name."""
    profile = update_profile(
        member=member, data={}, picture_upload=upload(images.png(), filename, "image/png")
    )
    return profile.picture.name or ""


def staff_of(contact_point: Any, **kwargs: Any) -> User:
    # Not verified themselves: what they see, they see by their role.
    staff = make_user(**kwargs)
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=contact_point)
    return with_two_factor(staff)


def assisted_member(contact_point: Any) -> User:
    member = make_user(trust_level=TrustLevel.VERIFIED)
    AssistedAccount.objects.create(
        user=member, contact_point=contact_point, consent_given_at=timezone.now()
    )
    return member


def full_profile(member: User, visibility: str, *, picture: bool = False) -> Profile:
    data: dict[str, Any] = {**VALUES, "district": make_district(name="Nordstadt")}
    data.update({f"{name}_visibility": visibility for name in Profile.FIELDS})
    return update_profile(
        member=member,
        data=data,
        picture_upload=upload(images.png(), "p.png") if picture else None,
    )


# --- Service ---------------------------------------------------------------------------


def test_update_profile_creates_the_row_and_normalises_values():
    member = make_user()
    assert not Profile.objects.filter(user=member).exists()

    profile = update_profile(
        member=member,
        data={
            "display_name": "  Erika   Musterfrau ",
            "about": "Zeile eins\r\nZeile zwei\n",
            "languages": ["pl", "de", "pl"],
            "phone": " 0711 / 123 45 ",
            "phone_visibility": Visibility.VERIFIED,
        },
    )

    profile.refresh_from_db()
    assert profile.display_name == "Erika Musterfrau"
    assert profile.about == "Zeile eins\nZeile zwei"
    assert profile.languages == ["de", "pl"]  # the list's order, once each
    assert profile.phone == "0711 / 123 45"
    assert profile.phone_visibility == Visibility.VERIFIED
    assert profile.about_visibility == Visibility.NOBODY  # untouched: the default
    # The member's own change is no privileged change.
    assert not AuditEvent.objects.exists()


def test_fields_missing_from_the_data_keep_their_values():
    member = make_user()
    full_profile(member, Visibility.PUBLIC)

    update_profile(member=member, data={"about": "Neu"})

    profile = Profile.objects.get(user=member)
    assert profile.about == "Neu"
    assert profile.phone == VALUES["phone"]
    assert profile.phone_visibility == Visibility.PUBLIC


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"languages": ["de", "xx"]}, "languages"),
        ({"phone_visibility": "friends"}, "phone_visibility"),
        ({"display_name": "x" * 61}, "display_name"),
    ],
)
def test_invalid_values_are_refused_and_nothing_changes(data: dict[str, Any], field: str):
    member = make_user()
    full_profile(member, Visibility.PUBLIC)

    with pytest.raises(ValidationError) as caught:
        update_profile(member=member, data=data)

    assert field in caught.value.message_dict
    profile = Profile.objects.get(user=member)
    assert profile.languages == ["de", "pl"]
    assert profile.phone_visibility == Visibility.PUBLIC


def test_unknown_field_names_are_a_programming_error():
    with pytest.raises(ValueError, match="user"):
        update_profile(member=make_user(), data={"user": 1})


def test_staff_acting_for_a_member_is_recorded_with_field_names_only():
    point = ContactPointFactory()
    staff = staff_of(point)
    member = assisted_member(point)
    full_profile(member, Visibility.NOBODY)

    update_profile(
        member=member,
        data={**VALUES, "phone": "0711 999999", "about_visibility": Visibility.PUBLIC},
        picture_upload=upload(images.png()),
        actor=staff,
    )

    event = AuditEvent.objects.get(action="profile.updated")
    assert event.actor == staff
    assert event.subject == member
    assert event.on_behalf_of == member  # so the member sees it in their account
    assert event.after == {"fields": ["phone", "about_visibility", "picture"]}
    recorded = json.dumps([event.before, event.after])
    assert "0711" not in recorded
    assert "Musterfrau" not in recorded


def test_no_audit_event_when_staff_change_nothing():
    point = ContactPointFactory()
    member = assisted_member(point)
    full_profile(member, Visibility.NOBODY)

    update_profile(member=member, data=VALUES, actor=staff_of(point))

    assert not AuditEvent.objects.filter(action="profile.updated").exists()


def test_staff_without_the_members_consent_cannot_change_the_profile():
    point = ContactPointFactory()
    member = assisted_member(point)
    other_point_staff = staff_of(ContactPointFactory())
    full_profile(member, Visibility.NOBODY)

    with pytest.raises(PermissionDenied):
        update_profile(member=member, data={"about": "Fremd"}, actor=other_point_staff)

    assert Profile.objects.get(user=member).about == VALUES["about"]
    assert not AuditEvent.objects.exists()


# --- Picture processing ------------------------------------------------------------------


def test_exif_with_gps_and_comments_is_removed():
    original = images.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the test file does carry EXIF

    result = decode(pictures.process_picture(upload(original)).read())

    assert result.format == "JPEG"
    assert dict(result.getexif()) == {}
    for key in ("exif", "comment", "icc_profile", "xmp"):
        assert key not in result.info
    assert b"PhoneMaker" not in pictures.process_picture(upload(original)).read()


def test_the_orientation_tag_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; viewers rotate the stored picture 90°
    # clockwise, which puts its left (red) half on top.
    original = images.jpeg_with_gps(size=(400, 200), orientation=6)

    result = decode(pictures.process_picture(upload(original)).read())

    assert result.size == (200, 400)
    top = cast(tuple[int, int, int], result.getpixel((100, 20)))
    bottom = cast(tuple[int, int, int], result.getpixel((100, 380)))
    assert top[0] > 180 > top[2]
    assert bottom[2] > 180 > bottom[0]


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2000, 1000), (512, 256)), ((300, 900), (171, 512)), ((40, 30), (40, 30))],
)
def test_pictures_fit_within_512_pixels(size: tuple[int, int], expected: tuple[int, int]):
    data = images.encode(images.two_colour_image(size), "PNG")

    assert decode(pictures.process_picture(upload(data, "a.png")).read()).size == expected


def test_png_with_transparency_and_webp_are_accepted():
    transparent = images.encode(Image.new("RGBA", (20, 20), (0, 0, 0, 0)), "PNG")
    webp = images.encode(images.two_colour_image((80, 40)), "WEBP")

    flat = decode(pictures.process_picture(upload(transparent, "t.png")).read())
    assert flat.mode == "RGB"
    assert flat.getpixel((10, 10)) == (255, 255, 255)  # white, not black
    assert decode(pictures.process_picture(upload(webp, "w.webp")).read()).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"Kein Bild, nur Text.\n" * 10, "holiday.jpg", PictureError.WRONG_TYPE),
        (images.gif(), "animated.gif", PictureError.WRONG_TYPE),
        (images.jpeg_with_gps()[:1500], "cut.jpg", PictureError.DAMAGED),
        # 49 megapixels: above our limit, below Pillow's.
        (images.png_claiming_size(7000, 7000), "bomb.png", PictureError.TOO_MANY_PIXELS),
        # Above Pillow's warning and its error threshold.
        (images.png_claiming_size(10000, 10000), "bomb.png", PictureError.TOO_MANY_PIXELS),
        (images.png_claiming_size(20000, 20000), "bomb.png", PictureError.TOO_MANY_PIXELS),
    ],
    ids=["text-named-jpg", "gif", "truncated", "49mp", "100mp", "400mp"],
)
def test_files_that_are_not_usable_pictures_are_refused(data: bytes, name: str, code: str):
    # The browser's content type claims a JPEG each time; only decoding counts.
    with pytest.raises(ValidationError) as caught:
        pictures.process_picture(upload(data, name, "image/jpeg"))

    assert caught.value.code == code
    assert caught.value.messages  # a sentence for the member


def test_uploads_over_5_mb_are_refused_before_decoding():
    too_big = upload(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024))

    with pytest.raises(ValidationError) as caught:
        pictures.process_picture(too_big)

    assert caught.value.code == PictureError.TOO_LARGE


def test_a_refused_picture_changes_nothing():
    member = make_user()
    full_profile(member, Visibility.PUBLIC, picture=True)
    before = Profile.objects.get(user=member).picture.name

    with pytest.raises(ValidationError) as caught:
        update_profile(
            member=member, data={"about": "Neu"}, picture_upload=upload(images.gif(), "x.gif")
        )

    assert list(caught.value.message_dict) == ["picture"]
    profile = Profile.objects.get(user=member)
    assert (profile.picture.name, profile.about) == (before, VALUES["about"])


def test_pictures_get_random_names_and_replaced_ones_are_deleted(
    django_capture_on_commit_callbacks: Callable[..., Any],
):
    member = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        first = new_picture(member, "Erika Muster.png")
    assert first.startswith("profiles/")
    assert first.endswith(".jpg")
    assert "Erika" not in first

    with django_capture_on_commit_callbacks(execute=True):
        second = new_picture(member)

    assert second != first
    assert stored_files() == [Path(second).name]

    with django_capture_on_commit_callbacks(execute=True):
        profile = update_profile(member=member, data={}, remove_picture=True)

    assert not profile.picture
    assert stored_files() == []


def test_the_old_picture_stays_when_the_change_is_rolled_back(
    django_capture_on_commit_callbacks: Callable[..., Any],
):
    member = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        old = new_picture(member)

    def remove_then_fail() -> None:
        with transaction.atomic():
            update_profile(member=member, data={}, remove_picture=True)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        remove_then_fail()

    assert Profile.objects.get(user=member).picture.name == old
    assert Path(old).name in stored_files()


# --- Who sees what -----------------------------------------------------------------------

VIEWERS = ["anonymous", "unverified", "verified", "staff", "admin", "owner"]
# The visibilities each viewer may see on someone else's (or their own) profile.
SEES = {
    "anonymous": {Visibility.PUBLIC},
    "unverified": {Visibility.PUBLIC},
    "verified": {Visibility.PUBLIC, Visibility.VERIFIED},
    "staff": {Visibility.PUBLIC, Visibility.VERIFIED},
    "admin": {Visibility.PUBLIC, Visibility.VERIFIED},
    "owner": {Visibility.PUBLIC, Visibility.VERIFIED, Visibility.NOBODY},
}


def viewer_client(role: str, owner: User) -> Client:
    users = {
        "unverified": lambda: make_user(),
        "verified": lambda: make_user(trust_level=TrustLevel.VERIFIED),
        "staff": lambda: staff_of(ContactPointFactory()),
        "admin": lambda: with_two_factor(make_user(is_superuser=True, is_staff=True)),
        "owner": lambda: owner,
    }
    # Staff and admins signed in with their second factor, as allauth's login does.
    return Client() if role == "anonymous" else signed_in(users[role]())


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("role", VIEWERS)
def test_visibility_matrix(role: str, visibility: str):
    owner = make_user(username="erika_m", trust_level=TrustLevel.VERIFIED)
    full_profile(owner, visibility, picture=True)
    client = viewer_client(role, owner)

    page = client.get(url("members:detail", owner.public_id))
    picture = client.get(url("members:picture", owner.public_id))

    seen = visibility in SEES[role]
    assert page.status_code == 200
    html = page.content.decode()
    for value in ("Ich gärtnere gern.", "+49 711 123456", "Nordstadt", "Polish"):
        assert (value in html) is seen, value
    assert ("Erika Musterfrau" in html) is seen
    assert "erika_m" in html  # the user name is always shown
    assert (url("members:picture", owner.public_id) in html) is seen
    assert picture.status_code == (200 if seen else 404)


def test_predicates_agree_with_the_page():
    owner = make_user()
    profile = full_profile(owner, Visibility.VERIFIED)
    verified = make_user(trust_level=TrustLevel.VERIFIED)
    unverified = make_user()

    assert may(verified, "accounts.view_profile", owner)
    assert may(verified, "accounts.view_profile_field", (profile, "phone"))
    assert not may(unverified, "accounts.view_profile_field", (profile, "phone"))
    assert may(owner, "accounts.view_profile_field", (profile, "phone"))
    assert profile_audience(verified, profile) == ProfileAudience.MEMBERS
    assert visible_to(ProfileAudience.MEMBERS, profile, "phone")
    assert not visible_to(ProfileAudience.PUBLIC, profile, "phone")
    assert profile_audience(unverified, profile) == ProfileAudience.PUBLIC
    assert profile_audience(owner, profile) == ProfileAudience.OWNER


def test_admins_do_not_see_fields_shared_with_nobody():
    owner = make_user()
    profile = full_profile(owner, Visibility.NOBODY)
    admin = make_user(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)

    page = client.get(url("members:detail", owner.public_id)).content.decode()

    assert VALUES["phone"] not in page
    assert not may(admin, "accounts.view_profile_field", (profile, "phone"))


def test_the_owner_sees_everything_with_its_visibility_and_can_preview():
    owner = make_user(username="erika_m")
    full_profile(owner, Visibility.NOBODY)
    update_profile(member=owner, data={"about_visibility": Visibility.PUBLIC})
    client = viewer_client("owner", owner)
    detail = url("members:detail", owner.public_id)

    own = client.get(detail).content.decode()
    as_public = client.get(f"{detail}?as=public").content.decode()
    as_members = client.get(f"{detail}?as=verified").content.decode()

    assert "This is your profile." in own
    assert VALUES["phone"] in own
    assert "Visible to: Only me" in own
    assert "Visible to: Everyone" in own
    for preview in (as_public, as_members):
        assert VALUES["about"] in preview
        assert VALUES["phone"] not in preview
        assert "Erika Musterfrau" not in preview  # the heading falls back to the user name
        assert "Visible to:" not in preview
    assert "Preview: how everyone sees your profile" in as_public
    assert "Preview: how verified members see your profile" in as_members


def test_others_cannot_use_the_preview_to_see_more():
    owner = make_user()
    full_profile(owner, Visibility.NOBODY)
    stranger = viewer_client("verified", owner)

    page = stranger.get(url("members:detail", owner.public_id) + "?as=owner").content.decode()

    assert VALUES["phone"] not in page
    assert "Preview" not in page


def test_the_heading_is_the_display_name_only_where_it_is_visible():
    owner = make_user(username="erika_m", trust_level=TrustLevel.VERIFIED)
    full_profile(owner, Visibility.VERIFIED)
    detail = url("members:detail", owner.public_id)

    anonymous = Client().get(detail)
    verified = viewer_client("verified", owner).get(detail)

    assert "<h1" in anonymous.content.decode()
    assert anonymous.context["name"] == "erika_m"
    assert verified.context["name"] == "Erika Musterfrau"
    assert "Verified member" in anonymous.content.decode()


@pytest.mark.parametrize(
    "change",
    [{"trust_level": TrustLevel.SUSPENDED}, {"is_active": False}],
    ids=["suspended", "inactive"],
)
@pytest.mark.parametrize("role", VIEWERS)
def test_suspended_and_inactive_members_are_not_found_except_by_staff_and_themselves(
    role: str, change: dict[str, Any]
):
    owner = make_user()
    full_profile(owner, Visibility.PUBLIC, picture=True)
    User.objects.filter(pk=owner.pk).update(**change)
    owner.refresh_from_db()
    client = viewer_client(role, owner)

    page = client.get(url("members:detail", owner.public_id))
    picture = client.get(url("members:picture", owner.public_id))

    # A deactivated account cannot stay signed in: its owner is a visitor like others.
    allowed = role in ("staff", "admin") or (role == "owner" and owner.is_active)
    assert page.status_code == picture.status_code == (200 if allowed else 404)
    if allowed and role != "owner":
        assert "suspended or deactivated" in page.content.decode()


def test_unknown_members_are_not_found():
    client = viewer_client("admin", make_user())

    assert client.get(url("members:detail", uuid.uuid4())).status_code == 404
    assert client.get(url("members:picture", uuid.uuid4())).status_code == 404


def test_a_member_without_a_profile_row_has_a_page_and_gets_no_row():
    member = make_user(username="ohne_profil")

    response = Client().get(url("members:detail", member.public_id))

    assert response.status_code == 200
    assert "ohne_profil" in response.content.decode()
    assert not Profile.objects.filter(user=member).exists()
    assert Client().get(url("members:picture", member.public_id)).status_code == 404


def test_the_picture_response_is_private_and_cached_briefly():
    owner = make_user()
    full_profile(owner, Visibility.PUBLIC, picture=True)
    client = Client()

    response = client.get(url("members:picture", owner.public_id))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert decode(response.content).format == "JPEG"
    again = client.get(url("members:picture", owner.public_id), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_pictures_are_not_served_from_the_media_url():
    owner = make_user()
    profile = full_profile(owner, Visibility.PUBLIC, picture=True)

    response = Client().get(settings.MEDIA_URL + (profile.picture.name or ""))

    assert response.status_code == 404


# --- The edit page -----------------------------------------------------------------------


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {**VALUES, "district": ""}
    data.update({f"{name}_visibility": Visibility.NOBODY for name in Profile.FIELDS})
    data.update(changes)
    return data


def test_the_edit_page_needs_a_login():
    response = Client().get(url("me:profile"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_edit_page_shows_the_form_without_creating_a_profile():
    member = make_user()
    client = viewer_client("owner", member)

    response = client.get(url("me:profile"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert f"?as={ProfileAudience.PUBLIC}" in html
    assert f"?as={ProfileAudience.MEMBERS}" in html
    assert html.count("<fieldset") >= 2 * len(Profile.FIELDS)
    assert url("me:overview") in html
    assert not Profile.objects.filter(user=member).exists()


def test_saving_the_form_stores_the_profile_and_the_picture(
    django_capture_on_commit_callbacks: Callable[..., Any],
):
    member = make_user()
    district = make_district()
    client = viewer_client("owner", member)

    response = client.post(
        url("me:profile"),
        form_data(
            district=district.pk,
            phone_visibility=Visibility.VERIFIED,
            picture=upload(images.png(), "me.png", "image/png"),
            picture_visibility=Visibility.PUBLIC,
        ),
        follow=True,
    )

    assert response.redirect_chain == [(url("me:profile"), 302)]
    assert "Your profile has been saved." in response.content.decode()
    profile = Profile.objects.get(user=member)
    assert profile.district == district
    assert profile.phone_visibility == Visibility.VERIFIED
    assert (profile.picture.name or "").endswith(".jpg")
    assert response.context["form"]["remove_picture"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("me:profile"), form_data(remove_picture="on"))
    assert not Profile.objects.get(user=member).picture
    assert stored_files() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "call me maybe"}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"languages": ["xx"]}, "languages"),
        ({"picture": upload(b"not a picture", "x.jpg")}, "picture"),
        ({"picture": upload(images.gif(), "x.gif", "image/gif")}, "picture"),
    ],
)
def test_invalid_input_shows_errors_and_saves_nothing(changes: dict[str, Any], field: str):
    member = make_user()
    client = viewer_client("owner", member)

    response = client.post(url("me:profile"), form_data(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "Your profile was not saved." in html
    assert f'href="#id_{field}"' in html
    assert not Profile.objects.filter(user=member, phone=VALUES["phone"]).exists()


def test_a_missing_visibility_keeps_the_stored_one():
    member = make_user()
    full_profile(member, Visibility.PUBLIC)
    data = form_data()
    del data["phone_visibility"]

    viewer_client("owner", member).post(url("me:profile"), data)

    profile = Profile.objects.get(user=member)
    assert profile.phone_visibility == Visibility.PUBLIC
    assert profile.about_visibility == Visibility.NOBODY


def test_staff_acting_for_a_member_edit_their_profile_on_the_record():
    point = ContactPointFactory()
    staff = staff_of(point)
    member = assisted_member(point)
    client = signed_in(staff)
    session = client.session
    session[ACTING_FOR_KEY] = member.pk
    session.save()

    response = client.post(url("me:profile"), form_data(about="Mag Katzen"))

    assert response.status_code == 302
    assert Profile.objects.get(user=member).about == "Mag Katzen"
    assert not Profile.objects.filter(user=staff).exists()
    event = AuditEvent.objects.get(action="profile.updated")
    assert (event.actor, event.subject, event.on_behalf_of) == (staff, member, member)
    assert "Mag Katzen" not in json.dumps(event.after)


# --- Query counts ------------------------------------------------------------------------


# What base.html costs a signed-in viewer: the personal entries of the header (core/
# context_processors.py) read their roles, the groups they host, open invitations to
# host, whether they take part in a network's activities, whether they manage a
# facility (the programme's "My facility") and their unread notifications; for staff
# also whether their second factor is set up; for verified members also their unread
# conversations (the chat's "Messages").
LAYOUT = {"anonymous": 0, "staff": 7}
LAYOUT_DEFAULT = 6
CHATS = 1


@pytest.mark.parametrize(
    ("role", "queries"),
    [
        # the member with profile and district, in one query
        ("anonymous", 1),
        # + session and viewer
        ("verified", 3),
        ("unverified", 3),
        ("owner", 3),
        ("staff", 3),
    ],
)
def test_detail_page_query_count_is_flat(
    role: str, queries: int, django_assert_num_queries: Callable[..., Any]
):
    empty_owner = make_user()
    full_owner = make_user(trust_level=TrustLevel.VERIFIED)
    full_profile(full_owner, Visibility.VERIFIED, picture=True)

    for owner in (empty_owner, full_owner):
        client = viewer_client(role, owner)
        client.get(url("members:detail", owner.public_id))  # settle the session
        verified_viewer = role == "verified" or (role == "owner" and owner is full_owner)
        layout = LAYOUT.get(role, LAYOUT_DEFAULT) + (CHATS if verified_viewer else 0)
        with django_assert_num_queries(queries + layout):
            assert client.get(url("members:detail", owner.public_id)).status_code == 200


def test_picture_query_count(django_assert_num_queries: Callable[..., Any]):
    owner = make_user()
    full_profile(owner, Visibility.PUBLIC, picture=True)

    with django_assert_num_queries(1):
        assert Client().get(url("members:picture", owner.public_id)).status_code == 200


def test_edit_page_query_count(django_assert_num_queries: Callable[..., Any]):
    member = make_user()
    full_profile(member, Visibility.PUBLIC, picture=True)
    DistrictFactory.create_batch(5)
    client = viewer_client("owner", member)
    client.get(url("me:profile"))

    # session, user, profile, the districts for the select
    with django_assert_num_queries(4 + LAYOUT_DEFAULT):
        assert client.get(url("me:profile")).status_code == 200
