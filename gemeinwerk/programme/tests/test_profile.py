"""The facility profile: the service, the sanitised description, the form and its page,
the logo through the platform's picture handling, who may edit, and the personal data
registry."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gemeinwerk.accounts import personal_data
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_user, make_verified, signed_in
from gemeinwerk.core.permissions import may
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.profile_forms import FacilityProfileForm
from gemeinwerk.programme.profile_selectors import profile_complete, starting_profile
from gemeinwerk.programme.rich_text import sanitise
from gemeinwerk.programme.services.profile import save_profile
from gemeinwerk.programme.tests.factories import facility as make_facility

pytestmark = pytest.mark.django_db

PROFILE = "/en/facilities/mine/profile/"
REL = 'rel="noopener noreferrer nofollow"'


def make_manager(
    facility: Facility, *, status: str = AccountStatus.APPROVED, **fields: Any
) -> User:
    user = make_user(email=f"office-{facility.number.lower()}@example.org")
    FacilityAccount.objects.create(
        facility=facility,
        user=user,
        manager_first_name="Anna",
        manager_last_name="Kowalska",
        status=status,
        **fields,
    )
    return user


@pytest.fixture
def sloneczko() -> Facility:
    return make_facility(
        name="Placówka „Słoneczko”",
        address="ul. Targowa 12",
        postcode="03-731",
        city="Warszawa",
        district="Praga-Północ",
    )


@pytest.fixture
def manager(sloneczko: Facility) -> User:
    return make_manager(sloneczko, informal_name="Słoneczko")


def png(size: tuple[int, int] = (40, 30), colour: str = "orange") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGBA", size, colour).save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def complete(**changes: Any) -> dict[str, Any]:
    return {
        "display_name": "Słoneczko",
        "description": "<h2>Who we are</h2><p>A <strong>day-support</strong> facility.</p>",
        "phone": "",
        "email": "kontakt@example.org",
        "website": "https://sloneczko.example.org",
        "address": "ul. Targowa 12",
        "postcode": "03-731",
        "city": "Warszawa",
        "opening_hours": "Mon to Fri 12:00 to 18:00",
        **changes,
    }


# --- Sanitising -----------------------------------------------------------------------

HOSTILE = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<p><img src="x" onerror="alert(1)">Photo</p>', "<p>Photo</p>"),
    ('<p onclick="alert(1)" style="color:red" class="x">Text</p>', "<p>Text</p>"),
    ('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', f"<a {REL}>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', f"<a {REL}>x</a>"),
    ('<a href="/staff/">x</a>', f"<a {REL}>x</a>"),
    ('<a href="https://example.org" target="_blank" rel="opener">x</a>',
     f'<a href="https://example.org" {REL}>x</a>'),
    ('<a href="mailto:a@example.org">mail</a>', f'<a href="mailto:a@example.org" {REL}>mail</a>'),
    ("<style>p{display:none}</style><p>Seen</p>", "<p>Seen</p>"),
    ('<iframe src="https://evil.example"><p>inside</p></iframe><p>after</p>', "<p>after</p>"),
    ("<h1>Big</h1><h4>Small</h4>", "BigSmall"),
    ("<div><span><b>bold</b> <u>u</u></span></div>", "bold u"),
    ("<!-- note --><p>x</p>", "<p>x</p>"),
    ("<p>x</p><p> <br> </p><p></p>", "<p>x</p>"),
    # Foreign content (SVG, MathML) goes whole.
    ("<svg><script>alert(1)</script></svg><math><mi>x</mi></math>", ""),
    ("<p>a<br>b</p><ul><li><em>one</em></li></ul><ol><li>two</li></ol>",
     "<p>a<br>b</p><ul><li><em>one</em></li></ul><ol><li>two</li></ol>"),
]  # fmt: skip


@pytest.mark.parametrize(("hostile", "clean"), HOSTILE)
def test_sanitise_keeps_only_the_allowed_tags(hostile: str, clean: str):
    assert sanitise(hostile) == clean


def test_the_service_stores_the_sanitised_description_and_the_page_shows_it(
    sloneczko: Facility, manager: User
):
    nasty = (
        '<h2 onmouseover="x()">About</h2><script>steal()</script>'
        '<p><a href="javascript:x()">go</a></p>'
    )
    profile = save_profile(actor=manager, facility=sloneczko, **complete(description=nasty))
    assert profile.description == f"<h2>About</h2><p><a {REL}>go</a></p>"
    page = signed_in(manager).get("/en/facilities/mine/").content.decode()
    assert "<h2>About</h2>" in page
    assert "steal()" not in page
    assert "javascript:" not in page


# --- The service ----------------------------------------------------------------------


def test_the_first_complete_save_completes_the_profile_once(sloneczko: Facility, manager: User):
    assert not profile_complete(sloneczko)
    save_profile(actor=manager, facility=sloneczko, **complete(description="<p> </p>"))
    assert not profile_complete(sloneczko)
    first = save_profile(actor=manager, facility=sloneczko, **complete())
    assert profile_complete(sloneczko)
    completed_at = first.completed_at
    again = save_profile(actor=manager, facility=sloneczko, email="", phone="+48 22 123 45 67")
    assert again.completed_at == completed_at
    assert FacilityProfile.objects.count() == 1


def test_a_profile_without_a_contact_is_not_complete(sloneczko: Facility, manager: User):
    save_profile(actor=manager, facility=sloneczko, **complete(email="", phone=""))
    assert not profile_complete(sloneczko)


def test_only_the_facilitys_own_approved_manager_edits(sloneczko: Facility, manager: User):
    other = make_facility(name="Kamyk")
    others_manager = make_manager(other)
    waiting = make_manager(make_facility(), status=AccountStatus.WAITING)
    assert may(manager, "programme.edit_profile", sloneczko)
    for user, facility in ((others_manager, sloneczko), (waiting, sloneczko), (manager, other)):
        assert not may(user, "programme.edit_profile", facility)
        with pytest.raises(PermissionDenied):
            save_profile(actor=user, facility=facility, **complete())
    manager.is_active = False
    assert not may(manager, "programme.edit_profile", sloneczko)
    assert not FacilityProfile.objects.exists()


def test_the_editor_starts_from_the_registration_and_the_registry(
    sloneczko: Facility, manager: User
):
    start = starting_profile(manager.facility_account, manager)
    assert (start.display_name, start.email) == ("Słoneczko", manager.email)
    assert (start.address, start.postcode, start.city) == ("ul. Targowa 12", "03-731", "Warszawa")
    plain = make_manager(make_facility(name="Official name"))
    assert starting_profile(plain.facility_account, plain).display_name == "Official name"


# --- The logo, through accounts.pictures -------------------------------------------------


def stored_logos() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "facilities"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_logo_is_redrawn_replaced_and_removed(
    sloneczko: Facility, manager: User, django_capture_on_commit_callbacks: Any
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = save_profile(
            actor=manager, facility=sloneczko, logo_upload=png((1200, 600)), **complete()
        )
    first = stored_logos()
    assert len(first) == 1
    assert first[0].suffix == ".jpg"
    with Image.open(first[0]) as image:
        assert (image.format, image.size) == ("JPEG", (512, 256))
    with django_capture_on_commit_callbacks(execute=True):
        save_profile(actor=manager, facility=sloneczko, logo_upload=png())
    second = stored_logos()
    assert len(second) == 1
    assert second != first
    with django_capture_on_commit_callbacks(execute=True):
        profile = save_profile(actor=manager, facility=sloneczko, remove_logo=True)
    assert not profile.logo
    assert stored_logos() == []


def test_a_file_that_is_not_a_picture_is_refused(sloneczko: Facility, manager: User):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        save_profile(actor=manager, facility=sloneczko, logo_upload=fake, **complete())
    assert refused.value.error_dict["logo"][0].code == "picture_wrong_type"
    assert not FacilityProfile.objects.exists()
    assert stored_logos() == []


# --- The form and the page --------------------------------------------------------------


def test_the_form_asks_for_a_name_a_description_and_a_contact(sloneczko: Facility, manager: User):
    start = starting_profile(manager.facility_account, manager)
    form = FacilityProfileForm(
        complete(display_name="", description="<p><br></p>", email="", phone=""), profile=start
    )
    assert not form.is_valid()
    assert set(form.errors) == {"display_name", "description", "email"}
    bad_phone = FacilityProfileForm(complete(phone="call us"), profile=start)
    assert not bad_phone.is_valid()
    assert "phone" in bad_phone.errors
    assert FacilityProfileForm(complete(), profile=start).is_valid()


def test_the_page_is_pre_filled_saves_and_shows_the_profile(sloneczko: Facility, manager: User):
    client = signed_in(manager)
    mine = client.get("/en/facilities/mine/").content.decode()
    assert f'href="{PROFILE}"' in mine
    assert "Edit the profile" in mine
    page = client.get(PROFILE).content.decode()
    assert 'value="Słoneczko"' in page
    assert manager.email in page
    assert "ul. Targowa 12" in page
    assert "data-rich-editor" in page
    assert "gemeinwerk/js/profile/editor" in page
    # Without JavaScript the text area sends the same HTML.
    sent = client.post(PROFILE, {**complete(), "logo": png()})
    assert sent.status_code == 302
    assert sent["Location"] == "/en/facilities/mine/"
    mine = client.get("/en/facilities/mine/").content.decode()
    assert "<p>A <strong>day-support</strong> facility.</p>" in mine
    assert "/en/facilities/mine/profile/logo/?v=" in mine
    logo = client.get("/en/facilities/mine/profile/logo/")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/jpeg"


def test_a_refused_form_changes_nothing(sloneczko: Facility, manager: User):
    response = signed_in(manager).post(PROFILE, complete(display_name=""))
    assert response.status_code == 200
    assert "The profile was not saved" in response.content.decode()
    assert not FacilityProfile.objects.exists()


def test_others_get_no_editor_and_no_logo(sloneczko: Facility, manager: User):
    save_profile(actor=manager, facility=sloneczko, logo_upload=png(), **complete())
    member = signed_in(make_verified())
    assert member.post(PROFILE, complete(display_name="Taken")).status_code == 403
    assert member.get("/en/facilities/mine/profile/logo/").status_code == 403
    assert FacilityProfile.objects.get().display_name == "Słoneczko"


# --- Personal data ----------------------------------------------------------------------


def test_the_profile_is_exported_and_deleted_with_the_managers_account(
    sloneczko: Facility, manager: User, django_capture_on_commit_callbacks: Any
):
    save_profile(actor=manager, facility=sloneczko, logo_upload=png(), **complete())
    exported = personal_data.export_data(manager)["data"]["facility_account"][0]
    profile = exported["facility_profile"]
    assert profile["email"] == "kontakt@example.org"
    assert profile["logo"].startswith("data:image/jpeg;base64,")
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase_data(manager)
        manager.delete()
    assert not FacilityProfile.objects.exists()
    assert stored_logos() == []
    assert Facility.objects.filter(pk=sloneczko.pk).exists()
