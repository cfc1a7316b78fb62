"""Addresses of voting; joined in urls.py."""

urlpatterns = []
