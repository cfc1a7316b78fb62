from django.contrib import admin

from .models import Challenge, OutcomeIndicator, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = OutcomeIndicator
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "department", "visibility", "published_at"]
    list_filter = ["organisation", "visibility"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners", "invited"]
    raw_id_fields = ["created_by"]
    inlines = [StageInline, IndicatorInline]
