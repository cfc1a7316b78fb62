from django.contrib import admin

from .models import Activity, Link


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, even for superusers."""

    list_display = ["created_at", "actor", "verb", "target_label", "organisation", "is_public"]
    list_filter = ["verb", "is_public", "organisation"]
    search_fields = ["target_label", "verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["source_type", "source_id", "kind", "target_type", "target_id", "created_at"]
    list_filter = ["kind"]
