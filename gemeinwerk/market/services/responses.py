"""Responses: a verified member answers a listing with a short message, which opens
(or continues) their conversation with the owner in the chat; the owner accepts or
declines; both mark the help done; either side ends it kindly at any time."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.accounts.models import User
from gemeinwerk.chat.services import conversations as chat
from gemeinwerk.core.permissions import require
from gemeinwerk.market.models import Listing, Response, ResponseStatus
from gemeinwerk.market.services.listings import listing_path
from gemeinwerk.notifications.services import notify

MAX_MESSAGE = 1000


@transaction.atomic
def respond(*, responder: User, listing: Listing, message: str) -> Response:
    require(responder, "market.respond", listing)
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Please write a few words to the person.")})
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            {
                "message": ngettext(
                    "Please keep it shorter: at most %(max)d character.",
                    "Please keep it shorter: at most %(max)d characters.",
                    MAX_MESSAGE,
                )
                % {"max": MAX_MESSAGE}
            }
        )
    if Response.objects.filter(listing=listing, responder=responder).exists():
        raise ValidationError(_("You have already responded to this listing."))
    # The message opens the conversation with the owner (or continues their thread).
    conversation = chat.start_conversation(
        starter=responder,
        others=[listing.owner],
        body=message,
        client_id=uuid.uuid4().hex,
        about=listing.title,
    )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                listing=listing, responder=responder, message=message, conversation=conversation
            )
    except IntegrityError:
        raise ValidationError(_("You have already responded to this listing.")) from None
    notify(
        listing.owner,
        "market.new_response",
        params={"title": listing.title},
        path=listing_path(listing),
    )
    return response


def _locked(response: Response) -> Response:
    return Response.objects.select_for_update().select_related("listing").get(pk=response.pk)


@transaction.atomic
def decide(*, owner: User, response: Response, accept: bool) -> Response:
    require(owner, "market.decide_response", response)
    response = _locked(response)
    if response.status != ResponseStatus.OPEN:
        raise ValidationError(_("This response has been answered already."))
    response.status = ResponseStatus.ACCEPTED if accept else ResponseStatus.DECLINED
    response.decided_at = timezone.now()
    response.save(update_fields=["status", "decided_at"])
    notify(
        response.responder,
        "market.response_decided",
        params={"title": response.listing.title, "accepted": accept},
        path=listing_path(response.listing),
    )
    return response


def _side(user: User, response: Response) -> str:
    return "owner" if response.listing.owner_id == user.pk else "responder"


def _other(user: User, response: Response) -> User:
    return response.responder if _side(user, response) == "owner" else response.listing.owner


@transaction.atomic
def mark_done(*, user: User, response: Response) -> Response:
    """Each side says the help happened; when both have, the agreement is done."""
    require(user, "market.mark_done", response)
    response = _locked(response)
    now = timezone.now()
    if _side(user, response) == "owner":
        response.owner_done_at = response.owner_done_at or now
    else:
        response.responder_done_at = response.responder_done_at or now
    if response.owner_done_at and response.responder_done_at:
        response.status = ResponseStatus.DONE
    response.save(update_fields=["owner_done_at", "responder_done_at", "status"])
    return response


@transaction.atomic
def end(*, user: User, response: Response) -> Response:
    """ "Nothing has to be finished": either side ends it, without giving a reason."""
    require(user, "market.finish_response", response)
    response = _locked(response)
    response.status = ResponseStatus.ENDED
    response.ended_at = timezone.now()
    response.ended_by = _side(user, response)
    response.save(update_fields=["status", "ended_at", "ended_by"])
    notify(
        _other(user, response),
        "market.response_ended",
        params={"title": response.listing.title},
        path=listing_path(response.listing),
    )
    return response
