"""The accounts in the Django admin, for admins. Trust decisions and roles change only
through the services, so every change is audited the same way as in the staff console."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import (
    AssistedAccount,
    RoleAssignment,
    TrustDecision,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.services.roles import assign_role, revoke_role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Django's UserAdmin lists first and last name, which this model does not have.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Contact"), {"fields": ("email",)}),
        (_("Trust"), {"fields": ("trust_level",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # Verification and suspension are decisions with a record, made in the staff
    # console; e-mail addresses change through allauth, which confirms them.
    readonly_fields = ("email", "trust_level", "last_login", "date_joined")
    list_display = ("username", "email", "trust_level", "is_staff", "is_active")
    list_filter = ("trust_level", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "email")

    # Deleting here erases like "Delete my account" does: files, admin log texts, queued
    # e-mails; not just the rows that cascade.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_account(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            delete_account(user=user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "contact_point", "assigned_at")
    list_filter = ("role", "contact_point")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)
    fields = ("user", "role", "contact_point")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A role is given or taken back, never edited into another one.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = assign_role(
            user=obj.user,
            role=obj.role,
            contact_point=obj.contact_point,
            assigned_by=request.user,  # type: ignore[arg-type]
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        revoke_role(assignment=obj, revoked_by=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset:
            self.delete_model(request, assignment)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services; the admin shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrustDecision)
class TrustDecisionAdmin(ReadOnlyAdmin):
    list_display = ("member", "decision", "method", "contact_point", "decided_by", "decided_at")
    list_filter = ("decision", "method", "contact_point")
    list_select_related = ("member", "contact_point", "decided_by")


@admin.register(VerificationRequest)
class VerificationRequestAdmin(ReadOnlyAdmin):
    list_display = ("member", "contact_point", "preferred_method", "created_at", "outcome")
    list_filter = ("outcome", "contact_point")
    list_select_related = ("member", "contact_point")


@admin.register(AssistedAccount)
class AssistedAccountAdmin(ReadOnlyAdmin):
    list_display = ("user", "contact_point", "consent_given_at", "consent_withdrawn_at")
    list_select_related = ("user", "contact_point")
    exclude = ("takeover_code_hash",)
