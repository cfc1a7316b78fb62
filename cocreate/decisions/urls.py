from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("challenges/<slug:slug>/decision/", views.for_challenge, name="for_challenge"),
    path("decisions/<int:pk>/", views.decision_detail, name="detail"),
]
