"""Public pages of districts and contact points: no account needed, nothing personal.

The two lists render their main part without the request and keep it for anonymous
visitors (core/pagecache.py) until a place changes or a card's opening words would.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from gemeinwerk.core import pagecache
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.pagination import pagination
from gemeinwerk.places import selectors
from gemeinwerk.places.forms import DistrictFilterForm
from gemeinwerk.places.models import ContactPoint, District

# The addresses the list's own form and page links make; others are not kept.
LIST_QUERY = ("district", "page")
SCOPES = ("places",)


@allowed_while_acting
@require_safe
def contact_point_list(request: HttpRequest) -> HttpResponse:
    # The districts for the filter and the title: one query, kept part or not.
    form = DistrictFilterForm(request.GET, districts=list(selectors.all_districts()))
    district = form.selected_district()

    def part() -> pagecache.Rendered:
        now = timezone.now()
        page = selectors.contact_point_card_page(
            district=district, number=request.GET.get("page"), now=now
        )
        context = {
            "form": form,
            "district": district,
            "cards": page.object_list,
            "pagination": pagination(request, page),
        }
        return pagecache.Rendered(
            render_to_string("places/_list.html", context),
            until=selectors.cards_valid_until(page.object_list, now),
            keep=form.is_valid(),  # an unknown district says so in an error: not kept
        )

    content = pagecache.part(
        request,
        "places:list",
        scopes=SCOPES,
        render=part,
        cacheable=pagecache.plain_query(request, LIST_QUERY),
    )
    return render(
        request, "places/contact_point_list.html", {"district": district, "content": content}
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

    def part() -> pagecache.Rendered:
        now = timezone.now()
        cards = selectors.contact_point_cards(district=district, now=now)
        context = {"district": district, "cards": cards}
        return pagecache.Rendered(
            render_to_string("places/_district.html", context),
            until=selectors.cards_valid_until(cards, now),
        )

    content = pagecache.part(
        request,
        "places:district",
        scopes=SCOPES,
        render=part,
        cacheable=pagecache.plain_query(request, ()),
    )
    return render(
        request, "places/district_detail.html", {"district": district, "content": content}
    )


@allowed_while_acting
@require_safe
def contact_point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        details = selectors.contact_point_details(slug=slug)
    except ContactPoint.DoesNotExist:
        raise Http404 from None
    return render(request, "places/contact_point_detail.html", {"details": details})
