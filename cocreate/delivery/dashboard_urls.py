"""Addresses of the execution dashboard; joined in urls.py."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("delivery/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("delivery/dashboard.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
]
