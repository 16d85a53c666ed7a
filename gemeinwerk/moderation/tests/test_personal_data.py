"""Reports in the personal-data registry: the export holds the reports a person made;
deleting the account keeps their open reports for staff without them, and takes the
reports about them along."""

import pytest

from gemeinwerk.accounts.personal_data import export_data, holdings
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_contact_point, staff_of
from gemeinwerk.moderation import services
from gemeinwerk.moderation.models import Decision, Reason, Report
from gemeinwerk.moderation.tests.factories import NOTE_KIND, person, write_note

pytestmark = pytest.mark.django_db


def test_every_link_to_a_person_is_registered():
    registered = {h.key for h in holdings() if h.model is Report}
    assert registered == {
        ("moderation.Report", "reporter"),
        ("moderation.Report", "reported"),
        ("moderation.Report", "decided_by"),
    }


def test_the_export_holds_the_reports_made():
    anna, bela = person("anna"), person("bela")
    report = services.report(
        reporter=bela,
        kind=NOTE_KIND,
        obj=write_note(anna, "Kaufen!"),
        reason=Reason.SPAM,
        note="Werbung",
    )
    services.decide(
        staff=staff_of(make_contact_point()), report=report, decision=Decision.DISMISSED
    )

    (made,) = export_data(bela)["data"]["reports_made"]

    assert made["what"] == "Note"
    assert (made["reason"], made["note"], made["reported_text"]) == (
        "Advertising or spam",
        "Werbung",
        "Kaufen!",
    )
    assert made["decision"] == "Left as it is"
    assert export_data(anna)["data"]["reports_made"] == []


def test_deleting_an_account_keeps_its_reports_for_staff_and_drops_those_about_it():
    anna, bela, carl = person("anna"), person("bela"), person("carl")
    by_bela = services.report(
        reporter=bela, kind=NOTE_KIND, obj=write_note(carl), reason=Reason.SPAM
    )
    services.report(reporter=carl, kind=NOTE_KIND, obj=write_note(bela), reason=Reason.SPAM)
    staff = staff_of(make_contact_point())
    about_anna = services.report(
        reporter=carl, kind=NOTE_KIND, obj=write_note(anna), reason=Reason.SPAM
    )
    services.decide(staff=staff, report=about_anna, decision=Decision.DISMISSED)

    delete_account(user=bela)

    (left, decided) = Report.objects.order_by("pk")
    assert (left.pk, left.reporter, left.reported) == (by_bela.pk, None, carl)
    assert decided.reported == anna
    delete_account(user=staff)
    decided.refresh_from_db()
    assert decided.decided_by is None
    assert decided.decision == Decision.DISMISSED
