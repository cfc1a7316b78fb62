"""Addresses of voting; joined in urls.py."""

from django.urls import path

from . import voting_views

urlpatterns = [
    path("decisions/<int:pk>/vote/", voting_views.vote, name="vote"),
    path("decisions/<int:pk>/vote/confirm/", voting_views.vote_eligibility, name="vote_eligibility"),
    path("decisions/<int:pk>/vote/code/", voting_views.vote_code, name="vote_code"),
    path("decisions/<int:pk>/vote/mine/", voting_views.my_ballot, name="my_ballot"),
]
