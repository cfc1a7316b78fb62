from django.urls import path

from . import manage_views, outcome_views, views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("<slug:slug>/", views.challenge_detail, name="detail"),
    path("<slug:slug>/follow/", views.challenge_follow, name="follow"),
    path("<slug:slug>/indicators/<int:indicator_id>/", outcome_views.indicator_detail, name="indicator"),
]

manage_urlpatterns = (
    [
        path("", manage_views.challenge_list, name="list"),
        path("new/", manage_views.challenge_create, name="create"),
        path("<slug:slug>/", manage_views.challenge_edit, name="edit"),
        path("<slug:slug>/stages/", manage_views.challenge_stages, name="stages"),
        path("<slug:slug>/stages/open-next/", manage_views.open_next_stage, name="open_next_stage"),
        path("<slug:slug>/stages/<int:stage_id>/settings/", manage_views.stage_settings, name="stage_settings"),
        path("<slug:slug>/indicators/", manage_views.challenge_indicators, name="indicators"),
        path(
            "<slug:slug>/indicators/<int:indicator_id>/measurements/",
            outcome_views.measurement_record,
            name="measurement_record",
        ),
        path(
            "<slug:slug>/indicators/<int:indicator_id>/measurements/import/",
            outcome_views.measurements_import,
            name="measurements_import",
        ),
        path("<slug:slug>/publish/", manage_views.challenge_publish, name="publish"),
    ],
    "challenges_manage",
)
