"""The pages of prototype test rounds, added to the designs app's URLs (namespace ``designs``)."""

from django.urls import path

from . import testround_exports, testround_views

ROUND = "designs/<int:pk>/test-rounds/<int:round_id>/"

urlpatterns = [
    path("designs/<int:pk>/test-rounds/new/", testround_views.testround_create, name="testround_create"),
    path(ROUND, testround_views.testround_detail, name="testround"),
    path(ROUND + "edit/", testround_views.testround_edit, name="testround_edit"),
    path(ROUND + "status/", testround_views.testround_status, name="testround_status"),
    path(ROUND + "sign-up/", testround_views.testround_signup, name="testround_signup"),
    path(ROUND + "withdraw/", testround_views.testround_withdraw, name="testround_withdraw"),
    path(ROUND + "testers/", testround_views.testround_testers, name="testround_testers"),
    path(ROUND + "feedback/", testround_views.testround_feedback, name="testround_feedback"),
    path(ROUND + "summary/", testround_views.testround_summary, name="testround_summary"),
    path(ROUND + "findings/", testround_views.testround_finding, name="testround_finding"),
    path(ROUND + "results.csv", testround_exports.testround_results_csv, name="testround_results_csv"),
]
