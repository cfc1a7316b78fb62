from django.urls import path

from . import views

app_name = "engagement"
target = "<str:app_label>/<str:model>/<int:pk>"
urlpatterns = [
    path(f"engage/{target}/support/", views.support, name="support"),
    path(f"engage/{target}/follow/", views.follow, name="follow"),
    path(f"engage/{target}/comment/", views.comment, name="comment"),
    path("engage/comments/<int:pk>/reply/", views.reply, name="reply"),
    path(f"engage/{target}/answer/", views.answer, name="answer"),
    path(f"engage/{target}/note/", views.note, name="note"),
    path(
        "organisations/<slug:organisation>/departments/<slug:department>/overdue/",
        views.department_overdue,
        name="department_overdue",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
