from itertools import pairwise
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """Rejects overlapping intervals on one day: the database cannot check that
    portably, and "9-13 and 12-17" is almost always a typing mistake."""

    def clean(self) -> None:
        super().clean()
        intervals: dict[int, list[tuple[Any, Any]]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("opens") or not data.get("closes"):
                continue
            intervals.setdefault(data["weekday"], []).append((data["opens"], data["closes"]))
        for day in intervals.values():
            day.sort()
            for (_opens, closes), (next_opens, _closes) in pairwise(day):
                if next_opens < closes:
                    raise forms.ValidationError(
                        _("Two opening intervals on the same day overlap."), code="overlap"
                    )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 1


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "active_contact_points")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[District]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count("contact_points", filter=Q(contact_points__is_active=True))
            )
        )

    @admin.display(description=_("active contact points"), ordering="active_count")
    def active_contact_points(self, district: Any) -> int:
        return int(district.active_count)


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "postal_code", "phone", "is_active")
    list_filter = ("is_active", "district", "step_free", "hearing_loop")
    list_select_related = ("district",)
    search_fields = ("name", "street", "postal_code", "email")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("district",)
    inlines = (OpeningHoursInline, ClosureInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "district", "description", "is_active")}),
        (_("Address and contact"), {"fields": ("street", "postal_code", "city", "phone", "email")}),
        (_("Accessibility"), {"fields": ("step_free", "hearing_loop", "accessibility_notes")}),
        (
            _("What visitors may use"),
            {"fields": ("equipment_phone", "equipment_computer", "equipment_internet")},
        ),
    )
