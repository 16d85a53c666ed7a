from typing import Any

from django.contrib import admin

from gemeinwerk.groups.models import Group, GroupHost, HostTraining, Meeting, UsageAgreement
from gemeinwerk.groups.services.directory import refresh_search_document


class GroupHostInline(admin.TabularInline):
    model = GroupHost
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "topic", "district", "format", "status", "contact_point")
    list_filter = ("status", "topic", "format", "district")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [GroupHostInline]
    exclude = ("search_document",)

    def save_model(self, request: Any, obj: Group, form: Any, change: bool) -> None:
        refresh_search_document(obj)
        super().save_model(request, obj, form, change)


@admin.register(UsageAgreement)
class UsageAgreementAdmin(admin.ModelAdmin):
    list_display = ("version", "published_at")


@admin.register(HostTraining)
class HostTrainingAdmin(admin.ModelAdmin):
    list_display = ("user", "trained_on", "contact_point")
    autocomplete_fields = ("user",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("group", "recurrence", "first_date", "start_time", "ended_at")
    list_filter = ("recurrence",)
    exclude = ("room_code",)
