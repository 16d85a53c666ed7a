"""Public pages of districts and contact points: no account needed, nothing personal."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.pagination import pagination
from gemeinwerk.places import selectors
from gemeinwerk.places.forms import DistrictFilterForm
from gemeinwerk.places.models import ContactPoint, District


@allowed_while_acting
@require_safe
def contact_point_list(request: HttpRequest) -> HttpResponse:
    form = DistrictFilterForm(request.GET, districts=list(selectors.all_districts()))
    district = form.selected_district()
    page = selectors.contact_point_summary_page(district=district, number=request.GET.get("page"))
    return render(
        request,
        "places/contact_point_list.html",
        {
            "form": form,
            "district": district,
            "summaries": page.object_list,
            "pagination": pagination(request, page),
        },
    )


@allowed_while_acting
@require_safe
def district_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "places/district_list.html", {"summaries": selectors.district_summaries()}
    )


@allowed_while_acting
@require_safe
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    return render(
        request,
        "places/district_detail.html",
        {"district": district, "summaries": selectors.contact_point_summaries(district=district)},
    )


@allowed_while_acting
@require_safe
def contact_point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        details = selectors.contact_point_details(slug=slug)
    except ContactPoint.DoesNotExist:
        raise Http404 from None
    return render(request, "places/contact_point_detail.html", {"details": details})
