from django.urls import path

from . import ambassador_views, event_views, project_views, views

app_name = "adoption"
urlpatterns = [
    path("challenges/<slug:slug>/adoption/", views.for_challenge, name="for_challenge"),
    path("adoption/<int:pk>/", views.campaign_detail, name="campaign"),
    path("adoption/<int:pk>/report/", views.report, name="report"),
    path("adoption/<int:pk>/funnel/", views.funnel, name="funnel"),
    path("adoption/<int:pk>/funnel.csv", views.funnel_csv, name="funnel_csv"),
    path(
        "manage/adoption/from-project/<int:project_pk>/",
        project_views.campaign_from_project,
        name="campaign_from_project",
    ),
    path("adoption/<int:pk>/a/<str:code>/", ambassador_views.share, name="share"),
    path("adoption/<int:pk>/ambassador/", ambassador_views.mine, name="ambassador"),
    path("adoption/<int:pk>/ambassador/start/", ambassador_views.start, name="ambassador_start"),
    path("adoption/<int:pk>/ambassador/stop/", ambassador_views.stop, name="ambassador_stop"),
    path("adoption/<int:pk>/ambassador/qr.<str:fmt>", ambassador_views.qr, name="ambassador_qr"),
    path("manage/adoption/<int:pk>/ambassadors/", ambassador_views.ambassador_list, name="ambassadors"),
    path("manage/adoption/stage/<int:stage_pk>/", views.manage_for_stage, name="manage_for_stage"),
    path("manage/adoption/stage/<int:stage_pk>/new/", views.campaign_new, name="campaign_new"),
    path("manage/adoption/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("manage/adoption/<int:pk>/segments/new/", views.segment_new, name="segment_new"),
    path("manage/adoption/<int:pk>/segments/<int:segment_pk>/", views.segment_edit, name="segment_edit"),
    # Information events (event_views.py)
    path("adoption/events/<int:pk>/", event_views.event_detail, name="event"),
    path("adoption/events/<int:pk>/signup/", event_views.event_signup, name="event_signup"),
    path("adoption/events/<int:pk>/signup/cancel/", event_views.event_signup_cancel, name="event_signup_cancel"),
    path("adoption/<int:pk>/events.ics", event_views.events_ics, name="events_ics"),
    path("manage/adoption/<int:pk>/events/", event_views.events_manage, name="events_manage"),
    path("manage/adoption/<int:pk>/events/new/", event_views.event_new, name="event_new"),
    path("manage/adoption/events/<int:pk>/edit/", event_views.event_edit, name="event_edit"),
    path("manage/adoption/events/<int:pk>/cancel/", event_views.event_cancel, name="event_cancel"),
]
