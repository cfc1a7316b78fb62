"""Addresses of manage; joined in urls.py."""

from django.urls import path

from . import manage_views as views

urlpatterns = [
    path("decisions/stages/<int:stage_pk>/manage/", views.manage_for_stage, name="manage_for_stage"),
    path("decisions/<int:pk>/manage/", views.manage_settings, name="manage"),
    path("decisions/<int:pk>/manage/budgets/", views.manage_budgets, name="manage_budgets"),
    path("decisions/<int:pk>/manage/budgets/<int:budget_pk>/", views.manage_budget_edit, name="manage_budget_edit"),
    path(
        "decisions/<int:pk>/manage/budgets/<int:budget_pk>/delete/",
        views.manage_budget_delete,
        name="manage_budget_delete",
    ),
    path("decisions/<int:pk>/manage/projects/", views.manage_projects, name="manage_projects"),
    path(
        "decisions/<int:pk>/manage/projects/from-sources/",
        views.manage_projects_from_sources,
        name="manage_projects_from_sources",
    ),
    path("decisions/<int:pk>/manage/projects/new/", views.manage_project_create, name="manage_project_create"),
    path("decisions/<int:pk>/manage/projects/<int:project_pk>/", views.manage_project_edit, name="manage_project_edit"),
    path(
        "decisions/<int:pk>/manage/projects/<int:project_pk>/remove/",
        views.manage_project_remove,
        name="manage_project_remove",
    ),
    path("decisions/<int:pk>/manage/codes/", views.manage_codes, name="manage_codes"),
    path("decisions/<int:pk>/manage/paper/", views.manage_paper, name="manage_paper"),
    path(
        "decisions/<int:pk>/manage/paper/budgets/<int:budget_pk>/",
        views.manage_paper_enter,
        name="manage_paper_enter",
    ),
    path(
        "decisions/<int:pk>/manage/paper/sheets/<int:sheet_pk>/",
        views.manage_paper_resolve,
        name="manage_paper_resolve",
    ),
    path("decisions/<int:pk>/manage/counts/", views.manage_counts, name="manage_counts"),
]
