"""Reported messages in moderation's staff console (issue 14 "done when", kept since
the reports moved to moderation): staff see the reported message and the person who
wrote it, and never the other messages of that conversation, nor the conversation."""

from typing import Any

import pytest

from gemeinwerk.accounts.tests.more_factories import make_contact_point, signed_in, staff_of, url
from gemeinwerk.chat.models import Conversation
from gemeinwerk.chat.tests.factories import member, report_message, say, start
from gemeinwerk.moderation.models import Decision, Reason, Report

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
    report = report_message(bela, message, Reason.MONEY, note="Er will Geld vorab.")
    return report, conversation


@pytest.fixture
def staff_client() -> Any:
    return signed_in(staff_of(make_contact_point()))


def test_staff_see_the_reported_message_and_its_writer_and_nothing_else(
    reported: Any, staff_client: Any
):
    report, conversation = reported

    listing = staff_client.get(url("staff:moderation:queue"))
    detail = staff_client.get(url("staff:moderation:report", report.pk))

    assert listing.status_code == detail.status_code == 200
    listed, shown = listing.content.decode(), detail.content.decode()
    assert "pablo_reported" in listed
    assert url("staff:moderation:report", report.pk) in listed
    assert REPORTED in shown
    assert "pablo_reported" in shown
    assert "Er will Geld vorab." in shown
    for private in PRIVATE:
        assert private not in listed
        assert private not in shown
    # Nor does anything lead to the conversation, and its address shows nothing.
    assert url("chat:conversation", conversation.pk) not in shown
    assert staff_client.get(url("chat:conversation", conversation.pk)).status_code == 404


def test_staff_remove_a_message_and_the_reporter_sees_it_removed(reported: Any, staff_client: Any):
    report, conversation = reported

    answer = staff_client.post(
        url("staff:moderation:report", report.pk), {"decision": Decision.HIDDEN}
    )

    assert answer.status_code == 302
    assert answer["Location"] == url("staff:moderation:queue")
    report.refresh_from_db()
    assert report.decision == Decision.HIDDEN
    assert conversation.messages.get(pk=report.object_id).body == ""
    decided = staff_client.get(url("staff:moderation:report", report.pk)).content.decode()
    assert REPORTED in decided  # the copy stays for staff
    assert "Decided on" in decided
    assert 'name="decision"' not in decided
    # The members' page says the message was removed.
    bela = signed_in(report.reporter)
    html = bela.get(url("chat:conversation", conversation.pk)).content.decode()
    assert "Our team removed this message." in html
    assert REPORTED not in html


def test_members_do_not_see_the_reports(reported: Any):
    report, _conversation = reported
    member_client = signed_in(report.reporter)
    assert member_client.get(url("staff:moderation:queue")).status_code == 403
    assert member_client.get(url("staff:moderation:report", report.pk)).status_code == 403
    answer = member_client.post(
        url("staff:moderation:report", report.pk), {"decision": Decision.HIDDEN}
    )
    assert answer.status_code == 403
    report.refresh_from_db()
    assert report.decided_at is None
