"""The report page (/report/<kind>/<pk>/) and the staff console's reports: a form that
works without JavaScript; "not found" for whatever the person may not report; staff
decide from the page of one reported thing."""

from typing import Any

import pytest

from gemeinwerk.accounts.tests.more_factories import (
    make_contact_point,
    make_coordinator,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.moderation import services
from gemeinwerk.moderation.models import Decision, Reason, Report
from gemeinwerk.moderation.tests.factories import NOTE_KIND, person, write_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna() -> Any:
    return person("anna")


@pytest.fixture
def bela() -> Any:
    return person("bela")


@pytest.fixture
def staff_client() -> Any:
    return signed_in(staff_of(make_contact_point()))


def test_the_report_form_shows_the_thing_and_files_the_report(anna: Any, bela: Any):
    note = write_note(anna, "Kaufen Sie jetzt!")
    client = signed_in(bela)
    address = url("moderation:report", NOTE_KIND, note.pk)
    assert address.endswith(f"/report/{NOTE_KIND}/{note.pk}/")

    html = client.get(address).content.decode()
    assert "Kaufen Sie jetzt!" in html
    assert "What you report: Note" in html
    assert 'type="radio" name="reason"' in html
    answer = client.post(address, {"reason": Reason.SPAM, "note": "Werbung"})

    assert answer.status_code == 302
    assert answer["Location"] == url("moderation:thanks")
    assert "Thank you for your report" in client.get(answer["Location"]).content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.note) == (bela, anna, "Werbung")
    again = client.post(address, {"reason": Reason.SPAM})
    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    missing = client.post(address, {"reason": ""})
    assert missing.status_code == 200
    assert Report.objects.count() == 1


def test_whatever_cannot_be_reported_is_not_found(anna: Any, bela: Any):
    note = write_note(anna)
    own = signed_in(anna)
    other = signed_in(bela)

    for client, address in (
        (own, url("moderation:report", NOTE_KIND, note.pk)),
        (other, url("moderation:report", NOTE_KIND, 987654)),
        (other, url("moderation:report", "no.such", note.pk)),
    ):
        assert client.get(address).status_code == 404
        assert client.post(address, {"reason": Reason.SPAM}).status_code == 404
    assert not Report.objects.exists()


def test_visitors_sign_in_first(anna: Any):
    from django.test import Client

    answer = Client().get(url("moderation:report", NOTE_KIND, write_note(anna).pk))
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_staff_see_the_queue_grouped_per_thing_oldest_first(
    anna: Any, bela: Any, staff_client: Any
):
    older, newer = write_note(anna, "Erste Notiz"), write_note(anna, "Zweite Notiz")
    services.report(reporter=bela, kind=NOTE_KIND, obj=older, reason=Reason.SPAM)
    services.report(reporter=person("carl"), kind=NOTE_KIND, obj=older, reason=Reason.THREAT)
    services.report(reporter=bela, kind=NOTE_KIND, obj=newer, reason=Reason.MONEY)

    html = staff_client.get(url("staff:moderation:queue")).content.decode()

    assert html.index("Erste Notiz") < html.index("Zweite Notiz")
    assert html.count("Look at it") == 2
    assert "Advertising or spam; It threatens someone" in html
    # The reporters are not listed.
    assert "bela" not in html
    assert "carl" not in html


def test_staff_decide_on_the_page_of_a_thing(anna: Any, bela: Any, staff_client: Any):
    note = write_note(anna, "Kaufen Sie jetzt!")
    report = services.report(
        reporter=bela, kind=NOTE_KIND, obj=note, reason=Reason.SPAM, note="Dreimal schon"
    )
    address = url("staff:moderation:report", report.pk)

    html = staff_client.get(address).content.decode()
    assert "Kaufen Sie jetzt!" in html
    assert "Dreimal schon" in html
    assert f"/notes/{note.pk}/" in html  # the kind's link for staff
    assert url("staff:member", anna.public_id) in html
    assert 'value="hidden"' in html
    assert 'value="restored"' not in html
    assert "bela" not in html  # staff judge the thing, not who reported it

    warned = staff_client.post(address, {"decision": Decision.WARNED, "note": ""})
    assert warned.status_code == 200
    assert "Please write what the person is told." in warned.content.decode()
    answer = staff_client.post(address, {"decision": Decision.HIDDEN})

    assert answer.status_code == 302
    assert answer["Location"] == url("staff:moderation:queue")
    report.refresh_from_db()
    assert report.decision == Decision.HIDDEN
    decided = staff_client.get(url("staff:moderation:queue") + "?show=decided")
    assert "Kaufen Sie jetzt!" in decided.content.decode()
    again = staff_client.post(address, {"decision": Decision.DISMISSED})
    assert again.status_code == 200
    assert "decided already" in again.content.decode()


def test_a_suspension_staff_may_not_make_shows_as_an_error(bela: Any, staff_client: Any):
    colleague = staff_of(make_contact_point())
    report = services.report(
        reporter=bela, kind=NOTE_KIND, obj=write_note(colleague), reason=Reason.SPAM
    )

    answer = staff_client.post(
        url("staff:moderation:report", report.pk),
        {"decision": Decision.SUSPENDED, "note": "Wiederholt."},
    )

    assert answer.status_code == 200
    assert "only an admin suspends" in answer.content.decode()
    report.refresh_from_db()
    assert report.is_open


def test_coordinators_and_members_do_not_see_the_reports(anna: Any, bela: Any):
    report = services.report(
        reporter=bela, kind=NOTE_KIND, obj=write_note(anna), reason=Reason.SPAM
    )
    for client in (signed_in(make_coordinator()), signed_in(bela)):
        assert client.get(url("staff:moderation:queue")).status_code == 403
        assert client.get(url("staff:moderation:report", report.pk)).status_code == 403


def test_the_console_menu_leads_to_the_reports(staff_client: Any):
    html = staff_client.get(url("staff:queue")).content.decode()
    assert f'href="{url("staff:moderation:queue")}">Reports</a>' in html
