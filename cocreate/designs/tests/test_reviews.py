"""Feasibility reviews: an official asks a department of the public body to review a version of a design; the
department's officials give a final verdict with public reasoning and notes only officials read."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.queries import personal_data
from cocreate.activity.models import Activity
from cocreate.conftest import PASSWORD, give_second_factor
from cocreate.core.errors import NotPermitted
from cocreate.designs import actions, review_actions
from cocreate.designs.errors import (
    DepartmentNotOfBody,
    ReviewAlreadyGiven,
    ReviewIncomplete,
    ReviewOutstanding,
    VersionAlreadyReviewed,
)
from cocreate.designs.models import FeasibilityReview
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Notification
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership
from cocreate.organisations.queries import working_days_after

from .conftest import full_content

pytestmark = pytest.mark.django_db

CONDITIONS = FeasibilityReview.Verdict.CONDITIONS


@pytest.fixture
def legal(city):
    return department_create(organisation=city, name="Legal Affairs")


@pytest.fixture
def reviewer(make_user, city, legal):
    """An official whose membership is in Legal Affairs."""
    user = make_user(display_name="Lena Legal")
    membership_grant(user=user, organisation=city, role=Membership.Role.OFFICIAL, department=legal)
    return user


@pytest.fixture
def design(make_design, make_user, studio):
    studio.response_days = 10
    studio.save(update_fields=["response_days"])
    author = make_user(display_name="Dana Designer")
    return make_design(author=author, content=full_content())


def _state():
    return (
        list(
            FeasibilityReview.objects.order_by("pk").values_list(
                "version_id", "department_id", "verdict", "reasoning", "private_notes", "reviewer_id", "given_at"
            )
        ),
        Notification.objects.count(),
        Activity.objects.filter(verb__startswith="design.review").count(),
    )


def _ask(design, official, department, **extra):
    return review_actions.review_request(actor=official, design=design, department=department, **extra)


def _give(review, reviewer, verdict=CONDITIONS, reasoning="Only with the paper route kept.", private_notes=""):
    return review_actions.review_give(
        actor=reviewer, review=review, verdict=verdict, reasoning=reasoning, private_notes=private_notes
    )


def signed_in(client, user, *, second_factor=True):
    if second_factor:
        give_second_factor(user)
    assert client.login(email=user.email, password=PASSWORD)
    return client


def overdue_by(review, days: int):
    FeasibilityReview.objects.filter(pk=review.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=days))


# --- Asking for a review ---------------------------------------------------------------------------------------------


def test_an_official_asks_a_department_which_is_told_and_the_review_is_due_in_working_days(
    design, official, legal, reviewer, make_user
):
    review = _ask(design, official, legal)
    assert (review.version, review.department, review.requested_by, review.verdict) == (
        design.current_version,
        legal,
        official,
        "",
    )
    assert review.answer_due == working_days_after(design.organisation, timezone.localdate(), 10)
    told = Notification.objects.filter(verb="design.review_requested")
    assert [n.recipient for n in told] == [reviewer]  # not the asker, nor another department's officials
    assert told.get().target_url == reverse("designs:review", args=[design.pk, review.pk])
    assert Activity.objects.filter(verb="design.review_requested", data__department="Legal Affairs").exists()


def test_without_a_response_commitment_a_review_has_no_due_date(design, official, legal):
    design.challenge.response_days = None
    design.challenge.save(update_fields=["response_days"])
    assert _ask(design, official, legal).answer_due is None


def test_only_officials_of_the_public_body_ask_for_reviews(
    design, legal, make_user, moderator, other_city, citizen, admin_user
):
    foreign = make_user()
    membership_grant(
        user=foreign,
        organisation=other_city,
        role=Membership.Role.OFFICIAL,
        department=department_create(organisation=other_city, name="Legal"),
    )
    before = _state()
    for person in (citizen, design.author, moderator, foreign):
        with pytest.raises(NotPermitted):
            _ask(design, person, legal)
    assert _state() == before
    _ask(design, admin_user, legal)  # superusers may, as they may answer designs
    assert FeasibilityReview.objects.count() == 1


def test_a_withdrawn_design_takes_no_review_request(design, official, legal):
    actions.design_withdraw(actor=design.author, design=design)
    before = _state()
    with pytest.raises(NotPermitted):
        _ask(design, official, legal)
    assert _state() == before


def test_only_the_bodys_own_departments_are_asked(design, official, other_city):
    before = _state()
    with pytest.raises(DepartmentNotOfBody):
        _ask(design, official, department_create(organisation=other_city, name="Legal"))
    assert _state() == before


def test_one_outstanding_review_per_department_and_one_review_per_version(design, official, legal, reviewer):
    review = _ask(design, official, legal)
    before = _state()
    with pytest.raises(ReviewOutstanding):
        _ask(design, official, legal)
    assert _state() == before
    _give(review, reviewer)
    before = _state()
    with pytest.raises(VersionAlreadyReviewed):
        _ask(design, official, legal)
    assert _state() == before
    newer = actions.design_save_version(
        actor=design.author, design=design, content=full_content(resources="Two more staff."), base_version=1
    )
    again = _ask(design, official, legal)
    assert again.version == newer
    assert FeasibilityReview.objects.filter(design=design, department=legal).count() == 2


# --- Giving the verdict ----------------------------------------------------------------------------------------------


def test_the_departments_official_gives_a_verdict_and_everyone_concerned_is_told(
    design, official, legal, reviewer, make_user
):
    coauthor, supporter, follower = make_user(), make_user(), make_user()
    actions.coauthor_invite(actor=design.author, design=design, user=coauthor)
    actions.coauthor_answer(user=coauthor, design=design, accept=True)
    engagement.support_add(user=supporter, target=design)
    engagement.follow(user=follower, target=design)
    review = _ask(design, official, legal)
    given = _give(review, reviewer, reasoning="  Only with the paper route kept.  ", private_notes="Ask again in May.")
    given.refresh_from_db()
    assert (given.verdict, given.reasoning, given.private_notes, given.reviewer) == (
        CONDITIONS,
        "Only with the paper route kept.",
        "Ask again in May.",
        reviewer,
    )
    assert given.given_at is not None
    told = Notification.objects.filter(verb="design.review_given")
    assert {n.recipient for n in told} == {design.author, coauthor, supporter, follower, official}
    assert all(n.text == "Legal Affairs: Feasible with conditions (version 1)." for n in told)
    assert told.first().target_url == f"/designs/{design.pk}/#review-{review.pk}"


def test_only_officials_of_the_department_asked_give_its_verdict(design, official, legal, reviewer, org_admin, citizen):
    review = _ask(design, official, legal)
    before = _state()
    for person in (official, org_admin, citizen, design.author):  # another department's, an admin without one, …
        with pytest.raises(NotPermitted):
            _give(review, person)
    assert _state() == before


def test_a_verdict_is_final_and_needs_a_verdict_and_public_reasoning(design, official, legal, reviewer):
    review = _ask(design, official, legal)
    before = _state()
    with pytest.raises(ReviewIncomplete):
        _give(review, reviewer, reasoning="   ")
    with pytest.raises(ReviewIncomplete):
        _give(review, reviewer, verdict="maybe")
    assert _state() == before
    _give(review, reviewer)
    before = _state()
    with pytest.raises(ReviewAlreadyGiven):
        _give(review, reviewer, verdict=FeasibilityReview.Verdict.NOT_FEASIBLE)
    assert _state() == before


def test_no_verdict_on_a_withdrawn_design(design, official, legal, reviewer):
    review = _ask(design, official, legal)
    actions.design_withdraw(actor=design.author, design=design)
    before = _state()
    with pytest.raises(NotPermitted):
        _give(review, reviewer)
    assert _state() == before


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_the_design_page_shows_outstanding_and_overdue_reviews_and_verdicts(
    client, design, official, legal, reviewer, city
):
    finance = department_create(organisation=city, name="Finance")
    legal_review = _ask(design, official, legal)
    finance_review = _ask(design, official, finance)
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Feasibility reviews" in page and "Outstanding, due" in page
    assert f'<time datetime="{finance_review.answer_due:%Y-%m-%d}">' in page
    assert "It is overdue." not in page
    overdue_by(finance_review, 2)
    _give(legal_review, reviewer, reasoning="Only with the paper route kept.", private_notes="Secret remark.")
    page = client.get(design.get_absolute_url()).content.decode()
    assert "It is overdue." in page
    assert "Feasible with conditions" in page and "Only with the paper route kept." in page
    assert "Secret remark." not in page  # visitors do not read the notes for officials
    assert page.index("Finance") < page.index("Legal Affairs")  # by department


def test_a_verdict_on_an_earlier_version_is_marked(client, design, official, legal, reviewer):
    _give(_ask(design, official, legal), reviewer)
    assert "earlier version" not in client.get(design.get_absolute_url()).content.decode()
    actions.design_save_version(
        actor=design.author, design=design, content=full_content(resources="Two more staff."), base_version=1
    )
    page = client.get(design.get_absolute_url()).content.decode()
    assert "Reviewed version 1" in page and "earlier version" in page
    assert "its newest version is 2" in page


def test_officials_of_the_body_read_the_private_notes_and_authors_do_not(
    client, design, official, legal, reviewer, make_user
):
    _give(_ask(design, official, legal), reviewer, private_notes="Secret remark.")
    assert (
        "Secret remark."
        not in signed_in(client, design.author, second_factor=False).get(design.get_absolute_url()).content.decode()
    )
    client.logout()
    page = signed_in(client, official).get(design.get_absolute_url()).content.decode()
    assert "Secret remark." in page and "Notes for officials (not public)" in page


def test_an_official_asks_for_a_review_from_the_page_without_javascript(client, design, official, legal, reviewer):
    signed_in(client, official)
    url = reverse("designs:review_request", args=[design.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert '<label for="id_department">' in form.content.decode()
    assert client.get(design.get_absolute_url()).content.decode().count(url) == 1  # the design page links to it
    refused = client.post(url, {"department": "", "version": "1"})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    assert FeasibilityReview.objects.count() == 0
    response = client.post(url, {"department": str(legal.pk), "version": "1"})
    review = FeasibilityReview.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/designs/{design.pk}/#review-{review.pk}"
    again = client.post(url, {"department": str(legal.pk), "version": "1"})
    assert again.status_code == 409 and "has not yet given its verdict" in again.content.decode()
    assert FeasibilityReview.objects.count() == 1


def test_others_may_not_ask_for_a_review_from_the_page(client, design, legal, citizen):
    url = reverse("designs:review_request", args=[design.pk])
    assert url not in client.get(design.get_absolute_url()).content.decode()
    signed_in(client, citizen, second_factor=False)
    assert client.get(url).status_code == 403
    assert client.post(url, {"department": str(legal.pk), "version": "1"}).status_code == 403
    assert FeasibilityReview.objects.count() == 0


def test_the_department_official_gives_the_verdict_on_its_form_and_typed_text_is_kept(
    client, design, official, legal, reviewer
):
    review = _ask(design, official, legal)
    url = reverse("designs:review", args=[design.pk, review.pk])
    signed_in(client, reviewer)
    assert url in client.get(design.get_absolute_url()).content.decode()  # "Give your department's verdict"
    form = client.get(url).content.decode()
    assert "<legend>Verdict</legend>" in form and '<label for="id_reasoning">' in form
    refused = client.post(url, {"verdict": CONDITIONS, "reasoning": "", "private_notes": "Typed notes stay."})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "There is a problem" in body and "Typed notes stay." in body
    assert 'value="feasible_with_conditions" required id="id_verdict_1" checked' in body
    assert FeasibilityReview.objects.get().verdict == ""
    response = client.post(url, {"verdict": CONDITIONS, "reasoning": "With the paper route.", "private_notes": ""})
    assert response.status_code == 302
    assert FeasibilityReview.objects.get().reasoning == "With the paper route."
    after = client.get(url).content.decode()  # the given review shows its verdict, without a form
    assert "With the paper route." in after and 'name="reasoning"' not in after
    assert client.post(url, {"verdict": "not_feasible", "reasoning": "No."}).status_code == 409
    assert FeasibilityReview.objects.get().verdict == CONDITIONS


def test_others_get_403_on_the_review_form_and_change_nothing(client, design, official, legal, citizen):
    review = _ask(design, official, legal)
    url = reverse("designs:review", args=[design.pk, review.pk])
    before = _state()
    for person, second_factor in ((official, True), (citizen, False), (design.author, False)):
        signed_in(client, person, second_factor=second_factor)
        assert client.get(url).status_code == 403
        assert client.post(url, {"verdict": CONDITIONS, "reasoning": "Fine."}).status_code == 403
        client.logout()
    assert _state() == before


def test_the_design_page_reads_reviews_in_a_constant_number_of_queries(client, design, official, reviewer, city, legal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(design.get_absolute_url()).status_code == 200
        return len(queries)

    _give(_ask(design, official, legal), reviewer)
    one = page_queries()
    for name in ("Finance", "Privacy", "Accessibility"):
        _ask(design, official, department_create(organisation=city, name=name))
    assert page_queries() == one


# --- The department's overdue page -----------------------------------------------------------------------------------


def test_overdue_reviews_show_on_the_departments_overdue_page(client, design, official, legal, reviewer, department):
    review = _ask(design, official, legal)
    legal_page = reverse("engagement:department_overdue", args=[legal.organisation.slug, legal.slug])
    assert client.get(legal_page).context["overdue"].items == []
    overdue_by(review, 3)
    page = client.get(legal_page)
    assert [item.pk for item in page.context["overdue"].items] == [review.pk]
    body = page.content.decode()
    assert "<td>Feasibility review</td>" in body
    link = f'<a href="/designs/{design.pk}/#review-{review.pk}">Review of “Permit in the city app”, version 1</a>'
    assert link in body
    other = reverse("engagement:department_overdue", args=[department.organisation.slug, department.slug])
    assert client.get(other).context["overdue"].items == []
    listed = client.get(f"/api/v1/engagement/departments/{legal.organisation.slug}/{legal.slug}/overdue").json()
    assert [(i["kind"], i["id"], i["status"]) for i in listed] == [("feasibilityreview", review.pk, "outstanding")]
    _give(review, reviewer)
    assert client.get(legal_page).context["overdue"].items == []


def test_reviews_of_withdrawn_designs_are_not_overdue(client, design, official, legal):
    review = _ask(design, official, legal)
    overdue_by(review, 3)
    actions.design_withdraw(actor=design.author, design=design)
    page = reverse("engagement:department_overdue", args=[legal.organisation.slug, legal.slug])
    assert client.get(page).context["overdue"].items == []
    assert "No verdict: the design was withdrawn." in client.get(design.get_absolute_url()).content.decode()


# --- Exports, API, personal data -------------------------------------------------------------------------------------


def _rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_of_reviews_is_public_without_notes_and_neutralises_formulas(
    client, design, official, legal, reviewer, city, make_design
):
    finance = department_create(organisation=city, name="Finance")
    _give(_ask(design, official, legal), reviewer, reasoning='=HYPERLINK("http://x")', private_notes="Secret remark.")
    outstanding = _ask(design, official, finance)
    other = make_design(title="-Kiosks")
    _ask(other, official, legal)
    response = client.get(reverse("designs:reviews_csv", args=[design.pk]))
    assert "Secret remark." not in response.content.decode()
    rows = _rows(response)
    assert list(rows[0]) == [
        "design_id",
        "design",
        "department",
        "version",
        "verdict",
        "reasoning",
        "requested",
        "due",
        "given",
    ]
    assert [(r["department"], r["verdict"], r["reasoning"]) for r in rows] == [
        ("Finance", "", ""),
        ("Legal Affairs", CONDITIONS, '\'=HYPERLINK("http://x")'),
    ]
    assert rows[0]["due"] == outstanding.answer_due.isoformat() and rows[0]["given"] == ""
    challenge_csv = reverse("designs:challenge_reviews_csv", args=[design.challenge.slug])
    assert challenge_csv in client.get(reverse("designs:list", args=[design.challenge.slug])).content.decode()
    challenge_rows = _rows(client.get(challenge_csv))
    assert [(r["design"], r["department"]) for r in challenge_rows] == [
        ("Permit in the city app", "Finance"),
        ("Permit in the city app", "Legal Affairs"),
        ("'-Kiosks", "Legal Affairs"),
    ]


def test_reviews_are_read_through_the_api_with_notes_for_officials_only(client, design, official, legal, reviewer):
    _give(_ask(design, official, legal), reviewer, private_notes="Secret remark.")
    actions.design_save_version(
        actor=design.author, design=design, content=full_content(resources="Two more staff."), base_version=1
    )
    listed = client.get(f"/api/v1/designs/{design.pk}/reviews").json()
    assert [
        (r["department"], r["version"], r["of_current_version"], r["verdict"], r["reviewer"], r["private_notes"])
        for r in listed
    ] == [("Legal Affairs", 1, False, CONDITIONS, "Lena Legal", None)]
    signed_in(client, official)
    assert client.get(f"/api/v1/designs/{design.pk}/reviews").json()[0]["private_notes"] == "Secret remark."
    assert client.get("/api/v1/designs/999999/reviews").status_code == 404


def test_a_reviewers_data_export_has_the_verdicts_they_gave(design, official, legal, reviewer):
    _give(_ask(design, official, legal), reviewer, private_notes="Secret remark.")
    given = personal_data(reviewer)["design_reviews"]["reviews_given"]
    assert [(r["design"], r["verdict"], r["private_notes"]) for r in given] == [
        (design.pk, CONDITIONS, "Secret remark.")
    ]
    asked = personal_data(official)["design_reviews"]["reviews_requested"]
    assert [(r["design"], r["department"]) for r in asked] == [(design.pk, "Legal Affairs")]


def test_hidden_and_unseen_designs_keep_their_reviews_to_those_who_may_see_them(design, official, legal):
    from cocreate.designs.review_queries import overdue_in_department

    review = _ask(design, official, legal)
    overdue_by(review, 1)
    assert list(overdue_in_department(AnonymousUser(), legal)) == [review]
    type(design).objects.filter(pk=design.pk).update(is_hidden=True)
    assert list(overdue_in_department(AnonymousUser(), legal)) == []
