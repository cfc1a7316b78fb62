from django.urls import path

from . import exports, testround_urls, views

app_name = "designs"
urlpatterns = [
    path("challenges/<slug:slug>/designs/", views.design_list, name="list"),
    path("challenges/<slug:slug>/designs/new/", views.design_start, name="start"),
    path("designs/<int:pk>/", views.design_detail, name="detail"),
    path("designs/<int:pk>/edit/", views.design_edit, name="edit"),
    path("designs/<int:pk>/versions/", views.version_list, name="versions"),
    path("designs/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("designs/<int:pk>/compare/", views.version_compare, name="compare"),
    path("designs/<int:pk>/coauthors/invite/", views.coauthor_invite, name="invite"),
    path("designs/<int:pk>/coauthors/answer/", views.coauthor_answer, name="answer_invitation"),
    path("designs/<int:pk>/withdraw/", views.design_withdraw, name="withdraw"),
    path("designs/<int:pk>/export.json", exports.design_export_json, name="export_json"),
]
urlpatterns += testround_urls.urlpatterns  # prototype test rounds
