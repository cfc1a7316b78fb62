"""Addresses of results; joined in urls.py."""

from django.urls import path

from . import results_views

urlpatterns = [
    path("decisions/<int:pk>/close/", results_views.close, name="close"),
    path("decisions/<int:pk>/dry-count/", results_views.dry_count, name="dry_count"),
    path("decisions/<int:pk>/dry-count/<int:run_pk>/", results_views.dry_count_result, name="dry_count_result"),
    path("decisions/<int:pk>/results/<int:budget_pk>/", results_views.budget_results, name="budget_results"),
    path(
        "decisions/<int:pk>/results/<int:budget_pk>/ballots.pb", results_views.download_ballots, name="download_ballots"
    ),
    path("decisions/<int:pk>/results/<int:budget_pk>/tally.json", results_views.download_tally, name="download_tally"),
    path(
        "decisions/<int:pk>/results/<int:budget_pk>/sha256.txt", results_views.download_hashes, name="download_hashes"
    ),
    path("decisions/<int:pk>/receipt/", results_views.receipt_check, name="receipt_check"),
    path("decisions/<int:pk>/selection/", results_views.selection, name="selection"),
    path("decisions/import/", results_views.import_pabulib, name="import"),
]
