from typing import Any

from django.contrib import admin

from gemeinwerk.programme.models_evaluation import Answer, Evaluation, Question, Survey
from gemeinwerk.programme.models_rewards import Reservation, Reward


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "kind", "text", "hint", "points", "required")

    def _editable(self, obj: Any) -> bool:
        # A published version is never edited: a change is a new draft version.
        return obj is None or not obj.is_published

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("version", "title", "published_at")
    inlines = [QuestionInline]
    # Publishing goes through the console (services/evaluation.py, audited).
    readonly_fields = ("published_at",)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)


class AnswerInline(admin.TabularInline):
    """Shown, not edited: the facility's answers are its own."""

    model = Answer
    extra = 0
    fields = readonly_fields = ("question", "yes", "text", "updated_at")
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only: tier changes and acceptance are audited services in the console."""

    list_display = ("facility", "cycle", "status", "score", "proposed_tier", "final_tier")
    list_filter = ("status", "cycle", "final_tier")
    search_fields = ("facility__name",)
    inlines = [AnswerInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Reward)
class RewardAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "for_standard", "for_premium", "for_vip", "stock", "active")
    list_filter = ("kind", "active")
    search_fields = ("title",)


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    """Read-only: arranging, delivering and cancelling are audited services in the console."""

    list_display = ("reward", "facility", "cycle", "quantity", "status", "reserved_at")
    list_filter = ("status", "cycle")
    search_fields = ("facility__name", "reward__title")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
