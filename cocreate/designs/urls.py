from django.urls import path

from . import exports, review_exports, review_views, testround_urls, views

app_name = "designs"
urlpatterns = [
    path("challenges/<slug:slug>/designs/", views.design_list, name="list"),
    path("challenges/<slug:slug>/designs/new/", views.design_start, name="start"),
    path("designs/<int:pk>/", views.design_detail, name="detail"),
    path("designs/<int:pk>/edit/", views.design_edit, name="edit"),
    path("designs/<int:pk>/versions/", views.version_list, name="versions"),
    path("designs/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("designs/<int:pk>/compare/", views.version_compare, name="compare"),
    path("designs/<int:pk>/coauthors/invite/", views.coauthor_invite, name="invite"),
    path("designs/<int:pk>/coauthors/answer/", views.coauthor_answer, name="answer_invitation"),
    path("designs/<int:pk>/amendments/", views.amendment_list, name="amendments"),
    path("designs/<int:pk>/amendments/new/", views.amendment_propose, name="amend"),
    path("designs/<int:pk>/amendments/<int:amendment>/", views.amendment_detail, name="amendment"),
    path("designs/<int:pk>/amendments/<int:amendment>/answer/", views.amendment_answer, name="amendment_answer"),
    path("designs/<int:pk>/amendments/<int:amendment>/revise/", views.amendment_revise, name="amendment_revise"),
    path("designs/<int:pk>/amendments/<int:amendment>/spin-off/", views.amendment_spin_off, name="amendment_spin_off"),
    path("designs/<int:pk>/amendments/close/", views.amendments_close, name="amendments_close"),
    path("designs/<int:pk>/sections/<slug:section>/", views.section_comments, name="section_comments"),
    path("designs/<int:pk>/withdraw/", views.design_withdraw, name="withdraw"),
    path("designs/<int:pk>/export.json", exports.design_export_json, name="export_json"),
    # Feasibility reviews
    path("designs/<int:pk>/reviews/request/", review_views.review_request, name="review_request"),
    path("designs/<int:pk>/reviews/<int:review>/", review_views.review_give, name="review"),
    path("designs/<int:pk>/reviews.csv", review_exports.design_reviews_csv, name="reviews_csv"),
    path(
        "challenges/<slug:slug>/designs/reviews.csv", review_exports.challenge_reviews_csv, name="challenge_reviews_csv"
    ),
]
urlpatterns += testround_urls.urlpatterns  # prototype test rounds
