from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gemeinwerk.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "subject", "on_behalf_of")
    list_filter = ("action",)
    date_hierarchy = "created_at"
    list_select_related = ("actor", "subject", "on_behalf_of")

    # The trail is read, never written, from the admin.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
