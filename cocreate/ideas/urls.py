from django.urls import path

from . import exports, views

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
]
