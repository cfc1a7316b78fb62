"""Addresses of results; joined in urls.py."""

urlpatterns = []
