"""The words the room's JavaScript shows, translated here and handed over as JSON (no
catalogue request, no inline script: the page's CSP stays strict).

A sentence with a number is handed over once per possible number ({"1": ..., "2": ...}),
each from `ngettext`: the script then needs no plural rules of its own, and Polish gets
its three forms ("1 osoba", "2 osoby", "5 osób")."""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.meetings.protocol import ROUND_MINUTES
from gemeinwerk.meetings.state import CAPACITY


def counted(sentence: Callable[[int], str], numbers: Iterable[int]) -> dict[str, str]:
    # `sentence` calls ngettext with the words written out, so that makemessages finds them.
    return {str(n): sentence(n) for n in numbers}


def check_texts() -> dict[str, str]:
    return {
        "heard": _("We hear you. The microphone works."),
        "silent": _(
            "We do not hear anything yet. Speak a little louder, "
            "or pick another microphone in your browser."
        ),
        "denied": _(
            "The browser did not allow the microphone. "
            "Allow it for this site (see the help), or take part by chat."
        ),
    }


def room_texts() -> dict[str, str | dict[str, str]]:
    return {
        "connecting": _("Connecting to the room…"),
        "reconnecting": _("The connection dropped. Connecting again…"),
        # Keyed by the number of the others: "of 1 person", "of 3 people".
        "connectedTo": counted(
            lambda n: ngettext(
                "Connected with %(count)s of %(total)s person.",
                "Connected with %(count)s of %(total)s people.",
                n,
            ),
            range(1, CAPACITY),
        ),
        "alone": _("You are the first one here. The others will appear in the circle."),
        "you": _("you"),
        "host": _("host"),
        "mutedStatus": _("microphone off"),
        "handStatus": _("hand raised, number %(position)s"),
        "awayStatus": _("on a break"),
        "speakingStatus": _("speaking"),
        "turnStatus": _("has the turn in the round"),
        "offline": _("connection lost"),
        "micSwitchOff": _("Switch my microphone off"),
        "micSwitchOn": _("Switch my microphone on"),
        "micMissing": _("No microphone"),
        "noCamera": _("The browser did not allow the camera. The others see your avatar."),
        "lockRoom": _("Lock the room"),
        "unlockRoom": _("Open the room again"),
        "joined": _("%(name)s has come in."),
        "left": _("%(name)s has left."),
        "handRaised": _("%(name)s raised a hand."),
        "yourTurn": _("It is your turn. You can speak now, or pass."),
        "turnOf": _("It is the turn of %(name)s."),
        "roundStarted": counted(
            lambda n: ngettext(
                "A round has started. Everyone speaks in turn, up to %(minutes)s minute.",
                "A round has started. Everyone speaks in turn, up to %(minutes)s minutes.",
                n,
            ),
            ROUND_MINUTES,
        ),
        "roundOver": _("The round is over."),
        # Translators: a clock, "4:05 left"; not a count.
        "timeLeft": _("%(minutes)s:%(seconds)s left"),
        "timeUp": _("Time is up."),
        "askMute": _("The host asks you to switch your microphone off."),
        "mutedByHost": _("The host has switched your microphone off. You can switch it on again."),
        "removed": _("The host has asked you to leave this meeting."),
        "ended": _("The meeting has ended. Thank you for being there."),
        "closingSoon": _("The room closes soon, at %(time)s: the meeting's planned end."),
        "endedTime": _(
            "The meeting's planned time is over, so the room has closed. Thank you for being there."
        ),
        "replaced": _("You opened the meeting room in another window or tab. This one is closed."),
        "locked": _("The room is locked: nobody new can come in."),
        "unlocked": _("The room is open again for newcomers."),
        "refused_full": _(
            "The room is full: at most 15 people can take part. Please ask the host."
        ),
        "refused_locked": _("The host has locked the room. Please ask the host to open it."),
        "refused_removed": _("You cannot take part in this meeting again."),
        "refused_ended": _("This meeting has ended."),
        "refused_not_open": _("This meeting is not open right now."),
        "refused_not_joined": _("Please enter the room code again."),
        "refused_token": _("Please enter the room code again."),
        "refused_not_host": _(
            "You no longer host this group, so you cannot enter as host. "
            "To take part as a guest, please enter the room code."
        ),
        "nod": _("%(name)s nods."),
        "heart": _("%(name)s sends a heart."),
        "noMicrophone": _("No microphone: you can listen and write in the chat."),
        "hearOthers": _(
            "Your browser waits for a click before it plays sound. Press here to hear the others."
        ),
        "confirmEnd": _("End the meeting for everyone?"),
        "confirmRemove": _("Ask %(name)s to leave the meeting? They cannot come back."),
        "makeHost": _("Make %(name)s the host"),
        "askToMute": _("Ask %(name)s to mute"),
        "mute": _("Mute %(name)s"),
        "remove": _("Remove %(name)s"),
        "nobodyWaiting": _("No raised hands."),
    }
