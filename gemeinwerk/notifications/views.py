"""Thin views: a member's list, opening one notification, the settings, unsubscribe."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gemeinwerk.core.pagination import page_of, pagination
from gemeinwerk.notifications import emails, kinds, selectors, services, texts
from gemeinwerk.notifications.forms import SettingsForm

PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_read(user=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:list")
    page = page_of(selectors.own(request.user), request.GET.get("page"), per_page=PER_PAGE)
    items = [
        {"notification": notification, "subject": texts.subject(notification)}
        for notification in page
    ]
    return render(
        request,
        "notifications/list.html",
        {
            "items": items,
            "pagination": pagination(request, page),
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks it read and goes where it leads (a path on this site)."""
    notification = selectors.own(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, ids=[notification.pk])
    path = notification.path
    if path and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        # Stored in the language of whoever caused it; opened in the reader's.
        return redirect(texts.path_in(path, request.LANGUAGE_CODE))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    language = selectors.email_language(request.user) or request.LANGUAGE_CODE
    form = SettingsForm(
        request.POST or None, channels=selectors.channels(request.user), language=language
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user=request.user, channels=form.channels(), language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# Mail programs send the one-click unsubscribe as a POST without a CSRF token (RFC 8058);
# the random key in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, key: str, kind: str) -> HttpResponse:
    label: Any = _("every e-mail digest") if kind == emails.EVERY_DIGEST else None
    if label is None:
        try:
            registered = kinds.get(kind)
        except LookupError:
            raise Http404 from None
        if registered.required:
            raise Http404  # e-mails of such a kind carry no unsubscribe link
        label = registered.label
    if request.method == "POST":
        try:
            services.unsubscribe(key=key, kind=kind)
        except PermissionDenied:
            raise Http404 from None
        return render(request, "notifications/unsubscribed.html", {"label": label})
    if not services.knows_key(key):
        raise Http404
    return render(request, "notifications/unsubscribe.html", {"label": label})
