"""The member's chat pages (/chat/): the list of conversations, a conversation, starting
one, reporting a message, blocking a person.

Every page works without JavaScript (a form posts, the page reloads); the page's script
(frontend/src/js/chat) sends and receives over a WebSocket instead and asks for JSON
when it posts. Not while acting for someone: conversations are the person's own."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.chat import panels, safety, selectors, services
from gemeinwerk.chat.forms import MessageForm, ReportForm, StartForm, new_client_id
from gemeinwerk.chat.models import Conversation, Message, Participant
from gemeinwerk.chat.services.conversations import KIND, may_post
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.moderation import services as moderation


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("accept", "")


@login_required
@require_safe
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "chat.use")
    return render(
        request,
        "chat/inbox.html",
        {
            "rows": selectors.conversations_of(request.user),
            "blocked": selectors.blocked_by(request.user).count(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "chat.use")
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            # A new conversation is as early as it gets.
            hint = not data["confirmed"] and safety.looks_like_contact_details(data["body"])
            if not hint:
                try:
                    conversation = services.start_conversation(
                        starter=request.user,
                        others=data["people"],
                        body=data["body"],
                        client_id=data["client_id"],
                        title=data["title"],
                    )
                except ValidationError as error:
                    add_validation_error(form, error)
                else:
                    return redirect(_latest(conversation))
            else:
                # Asked once: the form comes back with the message, and sends it now.
                form = StartForm(
                    initial={**data, "people": request.POST.get("people", ""), "confirmed": True}
                )
            return render(request, "chat/start.html", {"form": form, "hint": hint})
    else:
        initial: dict[str, Any] = {"client_id": new_client_id()}
        to = _person(request.GET.get("to", ""))
        if to is not None:
            initial["people"] = to.username
        form = StartForm(initial=initial)
    return render(request, "chat/start.html", {"form": form, "hint": False})


def _person(public_id: str) -> User | None:
    try:
        key = UUID(public_id)
    except ValueError:
        return None
    return User.objects.filter(public_id=key, is_active=True).first()


def _latest(conversation: Conversation) -> str:
    return reverse("chat:conversation", args=[conversation.pk]) + "#latest"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "chat.use")
    chat, me = selectors.conversation_for(request.user, pk)
    hint = False
    form = MessageForm(initial={"client_id": new_client_id()})
    if request.method == "POST":
        form = MessageForm(request.POST)
        outcome = _send(request, chat, form)
        if wants_json(request):
            return JsonResponse(outcome, status=400 if outcome["status"] == "error" else 200)
        if outcome["status"] == "sent":
            return redirect(_latest(chat))
        hint = outcome["status"] == "hint"
        if hint:
            form = MessageForm(
                initial={
                    "body": form.cleaned_data["body"],
                    "client_id": form.cleaned_data["client_id"],
                    "confirmed": True,
                }
            )
    return render(request, "chat/conversation.html", _page(request, chat, me, form, hint))


def _send(request: AuthenticatedRequest, chat: Conversation, form: MessageForm) -> dict[str, Any]:
    if not form.is_valid():
        return {
            "status": "error",
            "error": " ".join(str(e) for errors in form.errors.values() for e in errors),
        }
    data = form.cleaned_data
    try:
        message = services.send_message(
            sender=request.user,
            conversation=chat,
            body=data["body"],
            client_id=data["client_id"],
            confirmed=data["confirmed"],
        )
    except ValidationError as error:
        add_validation_error(form, error)
        return {"status": "error", "error": " ".join(error.messages)}
    if message is None:
        return {"status": "hint"}
    mine = selectors.for_reader(selectors.message_data(message), request.user.pk)
    return {"status": "sent", "message": mine}


def _page(
    request: AuthenticatedRequest,
    chat: Conversation,
    me: Participant,
    form: MessageForm,
    hint: bool,
) -> dict[str, Any]:
    before = request.GET.get("before", "")
    thread, earlier = selectors.thread(
        chat, request.user, before=int(before) if before.isdigit() else None
    )
    people = selectors.people_in(chat)
    others = [p for p in people if p.user_id != request.user.pk]
    names = [selectors.name_of(p.user) for p in others] or [selectors.name_of(None)]
    return {
        "chat": chat,
        "me": me,
        "thread": thread,
        "earlier": thread[0].pk if earlier and thread else None,
        "later": bool(before),
        "names": names,
        "others": [(p.user, selectors.name_of(p.user)) for p in others if p.user is not None],
        "form": form,
        "hint": hint,
        "may_post": may_post(request.user, chat),
        # Where the page's script catches up from: on a page of earlier messages the
        # latest one, so that it does not pull everything after them into this page.
        "last_id": chat.latest_id if before else (thread[-1].pk if thread else 0),
        "unread": bool(thread) and thread[-1].pk > me.last_read,
        "panels": panels.render_all(request, chat),
    }


@login_required
@require_POST
def read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    chat, _me = selectors.conversation_for(request.user, pk)
    up_to = request.POST.get("up_to", "")
    mark = services.mark_read(
        user=request.user, conversation=chat, up_to=int(up_to) if up_to.isdigit() else None
    )
    if wants_json(request):
        return JsonResponse({"status": "read", "up_to": mark})
    return redirect(_latest(chat))


@login_required
@require_POST
def mute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    chat, _me = selectors.conversation_for(request.user, pk)
    muted = request.POST.get("muted") == "yes"
    services.set_muted(user=request.user, conversation=chat, muted=muted)
    messages.success(
        request,
        _("Muted: this conversation no longer sends you notifications.")
        if muted
        else _("Notifications for this conversation are on again."),
    )
    return redirect("chat:conversation", pk=chat.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    chat, _me = selectors.conversation_for(request.user, pk)
    if not chat.is_group:
        raise Http404
    if request.method == "POST":
        services.leave(user=request.user, conversation=chat)
        messages.success(request, _("You have left the conversation."))
        return redirect("chat:inbox")
    return render(request, "chat/leave.html", {"chat": chat})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: AuthenticatedRequest, pk: int, message_pk: int) -> HttpResponse:
    chat, _me = selectors.conversation_for(request.user, pk)
    message = get_object_or_404(
        Message.objects.select_related("sender__profile"), pk=message_pk, conversation=chat
    )
    try:
        require(request.user, "chat.report_message", message)
    except PermissionDenied:
        raise Http404 from None
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(
                reporter=request.user,
                kind=KIND,
                obj=message,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Our team looks at the message and tells you what they decided."),
            )
            return redirect("chat:conversation", pk=chat.pk)
    return render(
        request,
        "chat/report.html",
        {
            "chat": chat,
            "message": message,
            "sender": selectors.name_of(message.sender),
            "form": form,
        },
    )


@login_required
@require_safe
def blocked(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "chat.use")
    blocks = [(b, selectors.name_of(b.blocked)) for b in selectors.blocked_by(request.user)]
    return render(request, "chat/blocked.html", {"blocks": blocks})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def block(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    require(request.user, "chat.use")
    person = get_object_or_404(User.objects.select_related("profile"), public_id=public_id)
    if person.pk == request.user.pk:
        raise Http404
    if request.method == "POST":
        services.block(blocker=request.user, blocked=person)
        messages.success(
            request,
            _("%(name)s can no longer write to you. They are not told.")
            % {"name": selectors.name_of(person)},
        )
        return redirect("chat:blocked")
    return render(request, "chat/block.html", {"person": person, "name": selectors.name_of(person)})


@login_required
@require_POST
def unblock(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    require(request.user, "chat.use")
    person = get_object_or_404(User, public_id=public_id)
    services.unblock(blocker=request.user, blocked=person)
    messages.success(
        request, _("%(name)s can write to you again.") % {"name": selectors.name_of(person)}
    )
    return redirect("chat:blocked")
