"""Addresses of manage; joined in urls.py."""

urlpatterns = []
