"""Addresses of co-delivery tasks; joined in urls.py."""

from django.urls import path

from . import volunteering_views

urlpatterns = [
    path("challenges/<slug:slug>/delivery/help/", volunteering_views.for_challenge, name="tasks_for_challenge"),
    path("delivery/projects/<int:pk>/tasks/new/", volunteering_views.task_create, name="task_create"),
    path("delivery/tasks/<int:pk>/", volunteering_views.task_detail, name="task_detail"),
    path("delivery/tasks/<int:pk>/sign-up/", volunteering_views.signup, name="task_signup"),
    path("delivery/tasks/<int:pk>/cancel/", volunteering_views.cancel, name="task_cancel"),
    path("delivery/tasks/<int:pk>/edit/", volunteering_views.task_edit, name="task_edit"),
    path("delivery/tasks/<int:pk>/call-off/", volunteering_views.task_cancel, name="task_call_off"),
    path("delivery/tasks/<int:pk>/delete/", volunteering_views.task_delete, name="task_delete"),
    path("delivery/tasks/<int:pk>/check-in/", volunteering_views.check_in, name="task_check_in"),
    path("delivery/volunteering/", volunteering_views.my_volunteering, name="my_volunteering"),
    path("delivery/tasks.ics", volunteering_views.tasks_ics, name="tasks_ics"),
]
