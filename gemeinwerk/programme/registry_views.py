"""The facility registry in the staff console (/staff/programme/registry/): the list of
operating organisations with their facilities, importing the city's official list
(upload, preview, confirm) and editing single entries. For the programme office."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.pagination import page_of, pagination
from gemeinwerk.core.permissions import require
from gemeinwerk.programme import registry_selectors
from gemeinwerk.programme.importing import MAX_BYTES, as_text, parse, parse_text
from gemeinwerk.programme.models import Facility, Organisation
from gemeinwerk.programme.registry_forms import (
    FacilityForm,
    OrganisationForm,
    SearchForm,
    UploadForm,
)
from gemeinwerk.programme.services import registry

PERMISSION = "programme.manage_registry"


@console
@require_safe
def organisations(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, PERMISSION)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = page_of(registry_selectors.organisations(query), request.GET.get("page"))
    return render(
        request,
        "programme/registry/organisations.html",
        {"form": form, "query": query, "pagination": pagination(request, page)},
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, PERMISSION)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        parsed = parse(file.read(MAX_BYTES + 1))
        if not parsed.ok:
            # Nothing is kept: the coordinator corrects the file and uploads it again.
            return render(
                request,
                "programme/registry/preview.html",
                {"problems": [str(problem) for problem in parsed.problems]},
            )
        try:
            kept = registry.create_import(
                actor=request.user,
                # What was read and checked is what is confirmed.
                content=as_text(parsed.rows),
                filename=file.name or "",
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("staff:registry:preview", kept.pk)
    return render(request, "programme/registry/upload.html", {"form": form})


@console
@require_safe
def preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    kept = get_object_or_404(registry.pending_imports(request.user), pk=pk)
    parsed = parse_text(kept.content)
    return render(
        request,
        "programme/registry/preview.html",
        {
            "upload": kept,
            "problems": [str(problem) for problem in parsed.problems],
            "preview": registry.preview(parsed.rows) if parsed.ok else None,
        },
    )


@console
@require_POST
def confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    kept = get_object_or_404(registry.pending_imports(request.user), pk=pk)
    try:
        done = registry.apply_import(actor=request.user, upload=kept)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("staff:registry:upload")
    counts = done.counts()
    messages.success(
        request,
        ngettext(
            "The official list is imported: %(new)s new facility, %(changed)s changed.",
            "The official list is imported: %(new)s new facilities, %(changed)s changed.",
            counts["new_facilities"],
        )
        % {"new": counts["new_facilities"], "changed": counts["changed_facilities"]},
    )
    return redirect("staff:registry:organisations")


@console
@require_http_methods(["GET", "HEAD", "POST"])
def facility_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    facility = get_object_or_404(Facility.objects.select_related("organisation"), pk=pk)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            registry.update_facility(actor=request.user, facility=facility, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The facility is saved."))
            return redirect("staff:registry:organisations")
    return render(
        request, "programme/registry/facility_form.html", {"form": form, "facility": facility}
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            registry.update_organisation(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The operating organisation is saved."))
            return redirect("staff:registry:organisations")
    return render(
        request,
        "programme/registry/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
