from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("challenges/<slug:slug>/ideas/", views.idea_list, name="list"),
    path("challenges/<slug:slug>/ideas/new/", views.idea_submit, name="submit"),
    path("challenges/<slug:slug>/ideas/suggestions/", views.idea_suggestions, name="suggestions"),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="withdraw"),
]
