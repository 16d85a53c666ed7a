"""The facility registry's reads for the console."""

from django.db.models import Prefetch, Q, QuerySet

from gemeinwerk.programme.models import Facility, Organisation


def organisations(query: str = "") -> QuerySet[Organisation]:
    """Organisations with their facilities (two queries for any page), those whose name
    or number, or a facility's name or number, contains `query`."""
    found = Organisation.objects.order_by("name", "number")
    if query:
        found = found.filter(
            Q(name__icontains=query)
            | Q(number__icontains=query)
            | Q(facilities__name__icontains=query)
            | Q(facilities__number__icontains=query)
        ).distinct()
    return found.prefetch_related(
        Prefetch("facilities", queryset=Facility.objects.order_by("name", "number"))
    )
