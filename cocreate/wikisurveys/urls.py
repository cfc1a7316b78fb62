from django.urls import path

from . import views

app_name = "wikisurveys"
urlpatterns = [
    path("challenges/<slug:slug>/wiki-survey/", views.wikisurvey, name="survey"),
    path("challenges/<slug:slug>/wiki-survey/add/", views.wikisurvey_add, name="add"),
    path("challenges/<slug:slug>/wiki-survey/results/", views.wikisurvey_results, name="results"),
    path("challenges/<slug:slug>/wiki-survey/manage/", views.wikisurvey_manage, name="manage"),
]
