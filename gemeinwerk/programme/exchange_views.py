"""The exchange point's pages (/facilities/exchange/): open items with filters, a
facility's own items, posting and editing, an item with "Write to this facility" (a chat
conversation of the two facilities' accounts), agreeing, returned, closing.

Before the facility's self-evaluation is accepted the list says it is locked and why;
every other page is refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.chat.forms import new_client_id
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.programme import evaluation_selectors
from gemeinwerk.programme import exchange_selectors as selectors
from gemeinwerk.programme.exchange_forms import AgreeForm, FilterForm, ItemForm, WriteForm
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeStatus
from gemeinwerk.programme.services import exchange as service

USE = "programme.use_exchange"
MANAGE = "programme.manage_exchange_item"


def _item(request: AuthenticatedRequest, pk: int) -> ExchangeItem:
    require(request.user, USE)
    item = selectors.item(pk)
    # Another facility's closed or agreed item is not found: only open ones are shown.
    if item is None or (item.status != ExchangeStatus.OPEN and not may(request.user, MANAGE, item)):
        raise Http404
    return item


@login_required
@require_safe
def exchange(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "programme.use_facility_account")
    if not may(request.user, USE):
        return render(request, "programme/exchange/locked.html", status=200)
    facility = evaluation_selectors.facility_of(request.user)
    form = FilterForm(request.GET or None)
    kind = category = ""
    if form.is_valid():
        kind, category = form.cleaned_data["kind"], form.cleaned_data["category"]
    items = selectors.open_items(kind=kind, category=category).exclude(facility=facility)
    own = list(selectors.items_of(facility)) if facility else []
    return render(
        request,
        "programme/exchange/list.html",
        {
            "form": form,
            "items": items,
            "own": [item for item in own if item.status != ExchangeStatus.CLOSED],
            "closed": [item for item in own if item.status == ExchangeStatus.CLOSED],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, USE)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = service.save_item(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your item is in the exchange point."))
            return redirect("programme:exchange_item", pk=item.pk)
    return render(request, "programme/exchange/form.html", {"form": form, "item": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, MANAGE, item)
    if item.status == ExchangeStatus.CLOSED:
        raise Http404
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_item(actor=request.user, data=form.cleaned_data, item=item)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("programme:exchange_item", pk=item.pk)
    return render(request, "programme/exchange/form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The item; another facility writes to its owner here, in a chat conversation."""
    item = _item(request, pk)
    write_form = WriteForm(initial={"client_id": new_client_id()})
    if request.method == "POST":
        require(request.user, "programme.write_about_exchange_item", item)
        write_form = WriteForm(request.POST)
        if write_form.is_valid():
            try:
                conversation = service.write_about(
                    actor=request.user,
                    item=item,
                    body=write_form.cleaned_data["body"],
                    client_id=write_form.cleaned_data["client_id"],
                )
            except ValidationError as error:
                add_validation_error(write_form, error)
            else:
                return redirect(reverse("chat:conversation", args=[conversation.pk]) + "#latest")
    return render(
        request,
        "programme/exchange/item.html",
        {
            "item": item,
            "write_form": write_form,
            "agree_form": AgreeForm(),
            "owner": may(request.user, MANAGE, item),
            "may_write": may(request.user, "programme.write_about_exchange_item", item),
        },
    )


def _act(request: AuthenticatedRequest, pk: int, what: str) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, MANAGE, item)
    try:
        if what == "agree":
            form = AgreeForm(request.POST)
            return_date = form.cleaned_data["return_date"] if form.is_valid() else None
            service.agree(actor=request.user, item=item, return_date=return_date)
            messages.success(request, _("The item is marked agreed."))
        elif what == "returned":
            service.mark_returned(actor=request.user, item=item)
            messages.success(request, _("The loan is marked returned."))
        else:
            service.close_item(actor=request.user, item=item)
            messages.success(request, _("The item is closed."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("programme:exchange_item", pk=item.pk)


@login_required
@require_POST
def agree(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "agree")


@login_required
@require_POST
def returned(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "returned")


@login_required
@require_POST
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")
