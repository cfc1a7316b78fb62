from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("people/<int:pk>/", views.profile, name="profile"),
    path("account/", views.account_settings, name="settings"),
    path("account/data/", views.personal_data, name="personal_data"),
    path("account/data/export/", views.personal_data_export, name="personal_data_export"),
]
