"""Reported messages in the staff console (office_views.py, issue 14 "done when"): staff
see the reported message and the person who wrote it, and never the other messages of
that conversation, nor the conversation itself."""

from typing import Any

import pytest

from gemeinwerk.accounts.tests.more_factories import make_contact_point, signed_in, staff_of, url
from gemeinwerk.chat import services
from gemeinwerk.chat.models import Conversation, Outcome, Reason, Report
from gemeinwerk.chat.tests.factories import member, say, start

pytestmark = pytest.mark.django_db

PRIVATE = [
    "Guten Tag, können Sie mir am Samstag helfen?",
    "Meine Tochter ist krank, deshalb frage ich.",
    "Wir wohnen im dritten Stock.",
]
REPORTED = "Schicken Sie mir erst 50 Euro, dann komme ich."


@pytest.fixture
def reported() -> tuple[Report, Conversation]:
    anna = member("anna_private")
    bela = member("bela_reporter")
    pablo = member("pablo_reported", display_name="Pablo P.")
    conversation = start(anna, bela, pablo, title="Einkauf", body=PRIVATE[0])
    say(anna, conversation, PRIVATE[1])
    message = say(pablo, conversation, REPORTED)
    say(bela, conversation, PRIVATE[2])
    report = services.report(
        reporter=bela, message=message, reason=Reason.MONEY, note="Er will Geld vorab."
    )
    return report, conversation


@pytest.fixture
def staff_client() -> Any:
    return signed_in(staff_of(make_contact_point()))


def test_staff_see_the_reported_message_and_its_writer_and_nothing_else(
    reported: Any, staff_client: Any
):
    report, conversation = reported

    listing = staff_client.get(url("staff:chat:reports"))
    detail = staff_client.get(url("staff:chat:report", report.pk))

    assert listing.status_code == detail.status_code == 200
    listed, shown = listing.content.decode(), detail.content.decode()
    assert "pablo_reported" in listed
    assert url("staff:chat:report", report.pk) in listed
    assert REPORTED in shown
    assert "pablo_reported" in shown
    assert "Pablo P." in shown
    assert "Er will Geld vorab." in shown
    for private in PRIVATE:
        assert private not in listed
        assert private not in shown
    # Nor does anything lead to the conversation, and its address shows nothing.
    assert url("chat:conversation", conversation.pk) not in shown
    assert staff_client.get(url("chat:conversation", conversation.pk)).status_code == 404


def test_staff_remove_a_message_and_the_reporter_is_told(reported: Any, staff_client: Any):
    report, conversation = reported

    answer = staff_client.post(url("staff:chat:report", report.pk), {"outcome": Outcome.REMOVED})

    assert answer.status_code == 302
    assert answer["Location"] == url("staff:chat:reports")
    report.refresh_from_db()
    assert report.outcome == Outcome.REMOVED
    assert conversation.messages.get(pk=report.message_id).body == ""
    decided = staff_client.get(url("staff:chat:report", report.pk)).content.decode()
    assert REPORTED in decided  # the copy stays for staff
    assert "Decided on" in decided
    assert 'name="outcome"' not in decided
    # The members' page says the message was removed.
    bela = signed_in(report.reporter)
    html = bela.get(url("chat:conversation", conversation.pk)).content.decode()
    assert "Our team removed this message." in html
    assert REPORTED not in html


def test_a_decision_without_an_outcome_is_not_taken(reported: Any, staff_client: Any):
    report, _conversation = reported
    answer = staff_client.post(url("staff:chat:report", report.pk), {"outcome": "ban"})
    assert answer.status_code == 200
    report.refresh_from_db()
    assert report.decided_at is None


def test_members_do_not_see_the_reports(reported: Any):
    report, _conversation = reported
    member_client = signed_in(report.reporter)
    assert member_client.get(url("staff:chat:reports")).status_code == 403
    assert member_client.get(url("staff:chat:report", report.pk)).status_code == 403
    assert (
        member_client.post(
            url("staff:chat:report", report.pk), {"outcome": Outcome.REMOVED}
        ).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.decided_at is None


def test_the_console_links_to_the_reported_messages(staff_client: Any):
    html = staff_client.get(url("staff:queue")).content.decode()
    assert "Reported messages" in html
    assert url("staff:chat:reports") in html
