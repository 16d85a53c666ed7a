"""People as a reportable kind ("accounts.member"): "Report this person" on a member's
page, for anyone signed in but the person; staff see what anyone may see of them and
may warn or suspend, never hide."""

from typing import Any

import pytest
from django.test import Client

from gemeinwerk.accounts.models import Profile, TrustLevel, Visibility
from gemeinwerk.accounts.tests.more_factories import make_contact_point, signed_in, staff_of, url
from gemeinwerk.moderation import kinds, services
from gemeinwerk.moderation.models import Decision, Reason, Report
from gemeinwerk.moderation.tests.factories import person

pytestmark = pytest.mark.django_db

KIND = "accounts.member"


@pytest.fixture
def anna() -> Any:
    anna = person("anna")
    Profile.objects.update_or_create(
        user=anna,
        defaults={
            "display_name": "Anna A.",
            "display_name_visibility": Visibility.PUBLIC,
            "about": "Ich verkaufe alles.",
            "about_visibility": Visibility.PUBLIC,
            "phone": "0711 1234567",
            "phone_visibility": Visibility.VERIFIED,
        },
    )
    return anna


def test_a_member_page_offers_to_report_the_person(anna: Any):
    address = url("moderation:report", KIND, anna.pk)
    page = url("members:detail", anna.public_id)

    assert address in signed_in(person("bela")).get(page).content.decode()
    assert address not in signed_in(anna).get(page).content.decode()
    assert address not in Client().get(page).content.decode()


def test_a_report_of_a_person_copies_what_everyone_may_see(anna: Any):
    bela = person("bela")
    client = signed_in(bela)
    address = url("moderation:report", KIND, anna.pk)

    form = client.get(address).content.decode()
    answer = client.post(address, {"reason": Reason.HARASSMENT})

    assert "Ich verkaufe alles." in form
    assert "0711" not in form  # for verified members only: not in the copy
    assert answer.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.reported) == (KIND, anna.pk, anna)
    assert report.snapshot == "anna\n\nAnna A.\n\nIch verkaufe alles."


def test_nobody_reports_themselves_or_a_suspended_account(anna: Any):
    suspended = person("sam")
    suspended.trust_level = TrustLevel.SUSPENDED
    suspended.save(update_fields=["trust_level"])

    assert signed_in(anna).get(url("moderation:report", KIND, anna.pk)).status_code == 404
    assert signed_in(anna).get(url("moderation:report", KIND, suspended.pk)).status_code == 404


def test_people_are_warned_or_suspended_never_hidden(anna: Any):
    report = services.report(reporter=person("bela"), kind=KIND, obj=anna, reason=Reason.HARASSMENT)
    kind = kinds.get(KIND)

    assert services.decisions_for(kind, anna, anna) == [
        Decision.DISMISSED,
        Decision.WARNED,
        Decision.SUSPENDED,
    ]
    staff = signed_in(staff_of(make_contact_point()))
    html = staff.get(url("staff:moderation:report", report.pk)).content.decode()
    assert 'value="hidden"' not in html
    assert url("staff:member", anna.public_id) in html
