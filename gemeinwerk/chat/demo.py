"""Demo chat: Mila and her neighbour Tomasz agree on help with the shopping. Needs the
accounts demo. Running it again refreshes, never duplicates."""

from datetime import timedelta

from django.utils import timezone

from gemeinwerk.accounts.demo import _account as demo_account
from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.chat.models import Conversation, Message, Participant
from gemeinwerk.core.demo import DemoLogin

PASSWORD = "Demo-Nachbar-2026"  # noqa: S105 - a demo login, printed by make run

THREAD = [
    (
        "tomasz",
        "Guten Tag Mila, ich habe gelesen, dass Sie Hilfe beim Einkaufen suchen. "
        "Ich wohne zwei Straßen weiter.",
    ),
    ("mila", "Guten Tag! Das wäre wunderbar. Die Getränkekisten sind mir zu schwer geworden."),
    ("tomasz", "Das mache ich gern. Passt Ihnen Samstagvormittag?"),
    (
        "mila",
        "Samstag um 10 Uhr passt gut. Wollen wir uns vorher einmal im Begegnungszentrum treffen?",
    ),
    ("tomasz", "Gute Idee. Dienstag im offenen Café?"),
]


def seed() -> list[DemoLogin]:
    mila = User.objects.get(username="mila")
    # An account that signs in as the accounts demo's do (a confirmed e-mail address).
    tomasz = demo_account("tomasz", PASSWORD, trust_level=TrustLevel.VERIFIED)
    Profile.objects.update_or_create(
        user=tomasz,
        defaults={"display_name": "Tomasz", "display_name_visibility": Visibility.VERIFIED},
    )
    low, high = sorted((mila.pk, tomasz.pk))
    conversation, created = Conversation.objects.get_or_create(
        pair=f"{low}:{high}", defaults={"started_by": tomasz}
    )
    if created:
        people = {"mila": mila, "tomasz": tomasz}
        for person in people.values():
            Participant.objects.create(conversation=conversation, user=person)
        start = timezone.now() - timedelta(hours=len(THREAD))
        last = Message()
        for number, (who, text) in enumerate(THREAD):
            last = Message.objects.create(
                conversation=conversation,
                sender=people[who],
                client_id=f"demo-{number}",
                body=text,
                created_at=start + timedelta(hours=number),
            )
        conversation.last_message_at = last.created_at
        conversation.latest_id = last.pk
        conversation.save(update_fields=["last_message_at", "latest_id"])
        # Mila has read all but Tomasz's last message.
        Participant.objects.filter(conversation=conversation, user=mila).update(
            last_read=last.pk - 1
        )
        Participant.objects.filter(conversation=conversation, user=tomasz).update(last_read=last.pk)
    return [DemoLogin("member (verified, chats with mila)", "tomasz", PASSWORD)]
