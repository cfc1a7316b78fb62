from django.contrib import admin

from .models import Case, Flag, ModerationDecision, Suspension


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    raw_id_fields = ["user", "decision"]


class DecisionInline(admin.TabularInline):
    model = ModerationDecision
    extra = 0
    raw_id_fields = ["moderator"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "challenge", "state", "flag_count", "updated_at"]
    list_filter = ["state", "organisation"]
    raw_id_fields = ["author", "challenge"]
    inlines = [FlagInline, DecisionInline]


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "starts_at", "ends_at", "lifted_at"]
    list_filter = ["organisation"]
    raw_id_fields = ["user", "created_by", "lifted_by"]
