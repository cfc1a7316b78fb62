from django.contrib import admin

from .models import Department, Membership, Organisation, PublicHoliday


class DepartmentInline(admin.TabularInline):
    model = Department
    fk_name = "organisation"
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partner_type", "is_host"]
    list_filter = ["kind", "partner_type"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "parent"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "department", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "organisation"]
    list_filter = ["organisation"]
    date_hierarchy = "date"
