from django.urls import path

from . import manage_views

app_name = "organisations_manage"
urlpatterns = [
    path("", manage_views.organisation_list, name="list"),
    path("<slug:slug>/", manage_views.organisation_manage, name="organisation"),
    path("<slug:slug>/departments/add/", manage_views.department_add, name="department_add"),
    path("<slug:slug>/departments/<int:pk>/", manage_views.department_edit, name="department_edit"),
    path("<slug:slug>/departments/<int:pk>/remove/", manage_views.department_remove, name="department_remove"),
    path("<slug:slug>/partners/add/", manage_views.partner_add, name="partner_add"),
    path("<slug:slug>/partners/<slug:partner_slug>/remove/", manage_views.partner_remove, name="partner_remove"),
    path("<slug:slug>/members/add/", manage_views.membership_add, name="membership_add"),
    path("<slug:slug>/members/<int:pk>/remove/", manage_views.membership_remove, name="membership_remove"),
]
