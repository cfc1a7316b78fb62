from django.urls import path

from . import manage_views, views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("map.geojson", views.problem_map_data, name="map_data"),
    path("report/", views.problem_report, name="report"),
    path("report/sent/", views.problem_report_sent, name="report_sent"),
    path("report/confirm/<str:token>/", views.problem_report_confirm, name="confirm"),
    path("suggestions/", views.problem_suggestions, name="suggestions"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/fixed/", views.problem_fixed, name="fixed"),
]

manage_urlpatterns = (
    [
        path("", manage_views.my_boards, name="boards"),
        path("departments/<int:pk>/", manage_views.board, name="board"),
        path("departments/<int:pk>/status/", manage_views.bulk_status, name="bulk_status"),
        path("departments/<int:pk>/frame/", manage_views.frame_challenge, name="frame"),
        path("<int:pk>/assign/", manage_views.assign, name="assign"),
        path("<int:pk>/duplicate/", manage_views.mark_duplicate, name="duplicate"),
    ],
    "problems_manage",
)
