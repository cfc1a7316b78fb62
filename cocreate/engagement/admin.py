from django.contrib import admin

from .models import Comment, StatusChange


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "target_type", "target_id", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "target_type"]
    raw_id_fields = ["author", "parent"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["target_type", "target_id", "old_status", "new_status", "actor", "created_at"]
    list_filter = ["new_status"]

    def has_change_permission(self, request, obj=None):
        return False
