from typing import Any

from django.contrib import admin

from gemeinwerk.groups.models import Group, GroupHost, HostTraining, Meeting, UsageAgreement
from gemeinwerk.groups.services.directory import refresh_search_document


class GroupHostInline(admin.TabularInline):
    """Shown, not edited: hosts come only by an accepted invitation (the host's, or the
    office's in the staff console), audited, never granted to oneself."""

    model = GroupHost
    extra = 0
    fields = readonly_fields = ("user", "role", "since")
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "topic", "district", "format", "status", "contact_point")
    list_filter = ("status", "topic", "format", "district")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [GroupHostInline]
    exclude = ("search_document",)
    # Reviews and moves go through the office's console, where they are audited; a new
    # group starts as a proposal that its office reviews.
    readonly_fields = (
        "status",
        "requested_contact_point",
        "proposed_by",
        "reviewed_by",
        "reviewed_at",
    )

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if obj is None else (*fields, "contact_point")

    def save_model(self, request: Any, obj: Group, form: Any, change: bool) -> None:
        refresh_search_document(obj)
        super().save_model(request, obj, form, change)


@admin.register(UsageAgreement)
class UsageAgreementAdmin(admin.ModelAdmin):
    list_display = ("version", "published_at")


@admin.register(HostTraining)
class HostTrainingAdmin(admin.ModelAdmin):
    """Read only: training is recorded in the staff console, by someone other than the
    person trained, and audited."""

    list_display = ("user", "trained_on", "contact_point")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("group", "recurrence", "first_date", "start_time", "ended_at")
    list_filter = ("recurrence",)
    exclude = ("room_code",)
