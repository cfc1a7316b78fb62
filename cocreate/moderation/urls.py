"""Mounted at the site root: people flag under ``moderation/``, moderators work under ``manage/moderation/``."""

from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("moderation/flag/<str:app_label>/<str:model>/<int:pk>/", views.flag, name="flag"),
    path("moderation/suspended/", views.suspended, name="suspended"),
    path("manage/moderation/", views.overview, name="overview"),
    path("manage/moderation/organisations/<slug:slug>/", views.organisation_queue, name="organisation_queue"),
    path("manage/moderation/challenges/<slug:slug>/", views.challenge_queue, name="challenge_queue"),
    path("manage/moderation/cases/<int:pk>/", views.case_detail, name="case"),
    path("manage/moderation/organisations/<slug:slug>/suspensions/", views.suspension_list, name="suspensions"),
    path(
        "manage/moderation/organisations/<slug:slug>/suspend/<int:user_id>/",
        views.suspension_create,
        name="suspend",
    ),
    path("manage/moderation/suspensions/<int:pk>/lift/", views.suspension_lift, name="lift"),
]
