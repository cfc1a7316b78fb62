from django.contrib import admin

from .models import ApiKey, Category, CategoryQuestion, Photo, Problem


class QuestionInline(admin.TabularInline):
    model = CategoryQuestion
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation", "department", "response_days", "is_active"]
    list_filter = ["organisation", "is_active"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [QuestionInline]


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    readonly_fields = ["image", "thumbnail", "uploaded_by"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "category", "status", "support_count", "created_at"]
    list_filter = ["status", "organisation", "category", "source", "is_hidden"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "assigned_to", "duplicate_of", "challenge"]
    readonly_fields = ["support_count", "comment_count", "follower_count"]
    inlines = [PhotoInline]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "organisation", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix", "last_used_at"]
