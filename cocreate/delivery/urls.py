from django.urls import path

from . import dashboard_urls, feeds, views, volunteering_urls

app_name = "delivery"
urlpatterns = [
    path("challenges/<slug:slug>/delivery/", views.for_challenge, name="for_challenge"),
    path("challenges/<slug:slug>/delivery/new/", views.project_create, name="create"),
    path("challenges/<slug:slug>/delivery/from-selected/", views.from_selected, name="from_selected"),
    path("delivery/stages/<int:stage_pk>/", views.for_stage, name="for_stage"),
    path("delivery/decisions/<int:decision_pk>/projects/", views.from_decision, name="from_decision"),
    path("delivery/projects/<int:pk>/", views.project_detail, name="detail"),
    path("delivery/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("delivery/projects/<int:pk>/progress/", views.progress_set, name="progress"),
    path("delivery/projects/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("delivery/milestones/<int:pk>/reached/", views.milestone_reach, name="milestone_reach"),
    path("delivery/projects/<int:pk>/updates/", views.update_post, name="update_post"),
    path("delivery/projects/<int:pk>/budget/", views.budget, name="budget"),
    path("delivery/projects/<int:pk>/budget/import/", views.budget_import, name="budget_import"),
    path("delivery/milestones.ics", feeds.milestones_ics, name="milestones_ics"),
    path("delivery/projects.geojson", feeds.projects_geojson, name="projects_geojson"),
    path("delivery/projects.csv", feeds.projects_csv, name="projects_csv"),
    *dashboard_urls.urlpatterns,
    *volunteering_urls.urlpatterns,
]
