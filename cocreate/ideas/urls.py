from django.urls import path

from . import exports, opinionmap_views, views, wikisurvey_views

app_name = "ideas"
urlpatterns = [
    path("challenges/<slug:slug>/ideas/", views.idea_list, name="list"),
    path("challenges/<slug:slug>/ideas/new/", views.idea_submit, name="submit"),
    path("challenges/<slug:slug>/ideas/suggestions/", views.idea_suggestions, name="suggestions"),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="withdraw"),
    path("challenges/<slug:slug>/ideas/export.csv", exports.ideas_export_csv, name="export_csv"),
    path("challenges/<slug:slug>/ideas/export.json", exports.ideas_export_json, name="export_json"),
    path("challenges/<slug:slug>/wiki-survey/", wikisurvey_views.wikisurvey, name="wikisurvey"),
    path("challenges/<slug:slug>/wiki-survey/add/", wikisurvey_views.wikisurvey_add, name="wikisurvey_add"),
    path("challenges/<slug:slug>/wiki-survey/results/", wikisurvey_views.wikisurvey_results, name="wikisurvey_results"),
    path("challenges/<slug:slug>/wiki-survey/manage/", wikisurvey_views.wikisurvey_manage, name="wikisurvey_manage"),
    path("challenges/<slug:slug>/opinion-map/", opinionmap_views.opinion_map, name="opinion_map"),
    path("challenges/<slug:slug>/opinion-map/statements/", opinionmap_views.opinion_map_add, name="opinion_map_add"),
    path("challenges/<slug:slug>/opinion-map/manage/", opinionmap_views.opinion_map_manage, name="opinion_map_manage"),
    path("challenges/<slug:slug>/opinion-map/export.zip", exports.opinion_map_export, name="opinion_map_export"),
]
