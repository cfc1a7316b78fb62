from django.urls import path

from . import exports, views

app_name = "opinionmaps"
urlpatterns = [
    path("challenges/<slug:slug>/opinion-map/", views.opinion_map, name="page"),
    path("challenges/<slug:slug>/opinion-map/statements/", views.opinion_map_add, name="add"),
    path("challenges/<slug:slug>/opinion-map/manage/", views.opinion_map_manage, name="manage"),
    path("challenges/<slug:slug>/opinion-map/export.zip", exports.opinion_map_export, name="export"),
]
