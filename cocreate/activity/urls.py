from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("journey/<str:app_label>/<str:model>/<int:pk>/", views.journey, name="journey"),
    path("manage/activity/", views.activity_log, name="log"),
]
