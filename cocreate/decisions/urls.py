from django.urls import path

from . import manage_urls, results_urls, views, voting_urls

app_name = "decisions"
urlpatterns = [
    path("challenges/<slug:slug>/decision/", views.for_challenge, name="for_challenge"),
    path("decisions/<int:pk>/", views.decision_detail, name="detail"),
    *voting_urls.urlpatterns,
    *results_urls.urlpatterns,
    *manage_urls.urlpatterns,
]
