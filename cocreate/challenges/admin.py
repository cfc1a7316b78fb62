from django import forms
from django.contrib import admin

from . import stages
from .models import Challenge, OutcomeIndicator, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "type":  # the registered types by their names, not their codes
            return forms.ChoiceField(label=db_field.verbose_name, choices=stages.choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
