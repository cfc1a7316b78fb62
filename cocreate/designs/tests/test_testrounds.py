"""Prototype test rounds: planning, sign-up, confirmation within the places, feedback once per tester, findings
answered by a later version; their pages, the CSV of results, the API and the personal-data export."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.queries import personal_data
from cocreate.conftest import PASSWORD
from cocreate.core.errors import NotPermitted
from cocreate.designs import actions
from cocreate.designs import testround_actions as rounds
from cocreate.designs.models import Design, RoundFeedback, RoundFinding, RoundSignup, TestRound
from cocreate.designs.testround_errors import (
    AlreadySignedUp,
    FindingNotAnswerable,
    HasGivenFeedback,
    InvalidFeedback,
    InvalidRound,
    NotATester,
    RoundFinished,
    RoundFull,
    RoundHasFeedback,
    RoundNotFinished,
    RoundNotOpen,
    StatusNotAllowed,
)
from cocreate.designs.testround_queries import summary
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Notification

from .conftest import full_content
from .test_pages import editor_post

pytestmark = pytest.mark.django_db

NEUTRAL = [3] * 10  # SUS 50
GOOD = [4, 1, 4, 2, 5, 1, 4, 1, 4, 2]  # SUS 85
TODAY = timezone.localdate


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def round_fields(design, **changes) -> dict:
    fields = {
        "version": design.current_version,
        "title": "Renewing in the prototype",
        "tasks": ["Sign in", "Renew the permit", "Pay"],
        "questions": ["What was hardest?"],
        "criteria": "Residents of a permit zone who renew each year.",
        "places": 2,
        "starts_at": TODAY(),
        "ends_at": TODAY() + dt.timedelta(days=14),
    }
    fields.update(changes)
    return fields


def state():
    return (
        list(
            TestRound.objects.order_by("pk").values_list("status", "signup_count", "confirmed_count", "feedback_count")
        ),
        list(RoundSignup.objects.order_by("pk").values_list("user", "status")),
        list(RoundFeedback.objects.order_by("pk").values_list("task_outcomes", "sus_answers", "comment")),
        list(RoundFinding.objects.order_by("pk").values_list("text", "answered_in")),
    )


@pytest.fixture
def author(make_user):
    return make_user(display_name="Dana Designer")


@pytest.fixture
def design(make_design, author):
    return make_design(author=author, content=full_content())


@pytest.fixture
def test_round(design, author):
    return rounds.testround_create(actor=author, design=design, **round_fields(design))


@pytest.fixture
def confirmed(test_round, official, make_user):
    """A tester who signed up and was confirmed."""

    def make(**extra):
        person = make_user(**extra)
        signup = rounds.signup_create(user=person, test_round=test_round, motivation="I renew every March.")
        rounds.signup_decide(actor=official, signup=signup, confirm=True)
        return person

    return make


def give(person, test_round, sus=GOOD, tasks=("yes", "help", "no"), **extra):
    return rounds.feedback_give(
        user=person, test_round=test_round, task_outcomes=list(tasks), sus_answers=list(sus), **extra
    )


def finished_round_with_finding(test_round, author, confirmed):
    give(confirmed(), test_round)
    rounds.testround_set_status(actor=author, test_round=test_round, status="finished")
    return rounds.finding_record(actor=author, test_round=test_round, text="Paying is hard to find.", severity="major")


# --- Actions ---------------------------------------------------------------------------------------------------------


def test_the_authors_plan_a_round_and_the_designs_followers_hear_of_it(design, author, make_user):
    follower = make_user()
    engagement.follow(user=follower, target=design)
    test_round = rounds.testround_create(actor=author, design=design, **round_fields(design))
    assert (test_round.status, test_round.version.number, test_round.tasks) == (
        "open",
        1,
        ["Sign in", "Renew the permit", "Pay"],
    )
    told = Notification.objects.get(verb="design.test_round_opened")
    assert (told.recipient, told.target_url) == (follower, test_round.get_absolute_url())


def test_officials_plan_rounds_too_but_nobody_else(design, official, make_user, moderator):
    before = state()
    for stranger in (make_user(), moderator):
        with pytest.raises(NotPermitted):
            rounds.testround_create(actor=stranger, design=design, **round_fields(design))
    assert state() == before
    assert rounds.testround_create(actor=official, design=design, **round_fields(design)).created_by == official


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"places": 0}, "places"),
        ({"places": 501}, "places"),
        ({"tasks": ["  ", ""]}, "tasks"),
        ({"tasks": [f"Task {n}" for n in range(13)]}, "tasks"),
        ({"tasks": ["x" * 201]}, "tasks"),
        ({"questions": ["Q"] * 6}, "questions"),
        ({"criteria": " "}, "criteria"),
        ({"title": ""}, "title"),
        ({"starts_at": TODAY() - dt.timedelta(days=91)}, "starts_at"),
        ({"starts_at": TODAY() + dt.timedelta(days=800), "ends_at": TODAY() + dt.timedelta(days=801)}, "starts_at"),
        ({"ends_at": TODAY() - dt.timedelta(days=1)}, "ends_at"),
        ({"ends_at": TODAY() + dt.timedelta(days=400)}, "ends_at"),
    ],
)
def test_a_round_that_does_not_make_sense_is_refused(design, author, changes, field):
    before = state()
    with pytest.raises(InvalidRound) as refused:
        rounds.testround_create(actor=author, design=design, **round_fields(design, **changes))
    assert field in refused.value.errors
    assert state() == before


def test_a_round_tests_a_version_of_its_own_design(design, author, make_design):
    other = make_design(title="Another design")
    with pytest.raises(InvalidRound) as refused:
        rounds.testround_create(actor=author, design=design, **round_fields(design, version=other.current_version))
    assert "version" in refused.value.errors
    assert not TestRound.objects.exists()


def test_people_sign_up_and_an_official_confirms_them_up_to_the_places(test_round, author, official, make_user):
    first, second, third = make_user(), make_user(), make_user()
    signups = [rounds.signup_create(user=p, test_round=test_round, motivation="I fit.") for p in (first, second, third)]
    with pytest.raises(AlreadySignedUp):
        rounds.signup_create(user=first, test_round=test_round, motivation="Again.")
    before = state()
    with pytest.raises(NotPermitted):  # the authors do not pick their testers
        rounds.signup_decide(actor=author, signup=signups[0], confirm=True)
    assert state() == before
    rounds.signup_decide(actor=official, signup=signups[0], confirm=True)
    rounds.signup_decide(actor=official, signup=signups[1], confirm=True)
    before = state()
    with pytest.raises(RoundFull):
        rounds.signup_decide(actor=official, signup=signups[2], confirm=True)
    assert state() == before
    test_round.refresh_from_db()
    assert (test_round.signup_count, test_round.confirmed_count, test_round.places_left) == (3, 2, 0)
    assert Notification.objects.filter(verb="design.tester_confirmed").count() == 2
    assert Notification.objects.filter(recipient=first, verb="design.tester_confirmed").exists()
    # declining a confirmed tester frees their place
    rounds.signup_decide(actor=official, signup=signups[1], confirm=False)
    rounds.signup_decide(actor=official, signup=signups[2], confirm=True)
    assert Notification.objects.filter(recipient=second, verb="design.tester_declined").exists()
    test_round.refresh_from_db()
    assert test_round.confirmed_count == 2


def test_the_authors_do_not_sign_up_and_sign_up_closes_with_the_round(test_round, author, design, make_user):
    coauthor = make_user()
    actions.coauthor_invite(actor=author, design=design, user=coauthor)
    actions.coauthor_answer(user=coauthor, design=design, accept=True)
    before = state()
    for person in (author, coauthor):
        with pytest.raises(NotPermitted):
            rounds.signup_create(user=person, test_round=test_round, motivation="Me!")
    with pytest.raises(InvalidRound):
        rounds.signup_create(user=make_user(), test_round=test_round, motivation="   ")
    with pytest.raises(NotPermitted):  # nor does anybody else run the round
        rounds.testround_set_status(actor=make_user(), test_round=test_round, status="running")
    assert state() == before
    rounds.testround_set_status(actor=author, test_round=test_round, status="running")
    before = state()
    with pytest.raises(RoundNotOpen):
        rounds.signup_create(user=make_user(), test_round=test_round, motivation="Late.")
    assert state() == before


def test_confirmed_testers_give_feedback_once_and_change_it_until_the_round_finishes(
    test_round, author, official, confirmed, make_user
):
    tester = confirmed()
    waiting = make_user()
    rounds.signup_create(user=waiting, test_round=test_round, motivation="I fit.")
    before = state()
    for person in (waiting, make_user(), author):
        with pytest.raises(NotATester):
            give(person, test_round)
    assert state() == before

    feedback = give(tester, test_round, sus=NEUTRAL, answers=["Paying."], comment="Nice.")
    assert (feedback.sus_score, feedback.answers) == (Decimal("50.0"), ["Paying."])
    again = give(tester, test_round, sus=GOOD, tasks=("yes", "yes", "yes"))
    assert again.pk == feedback.pk and again.sus_score == Decimal("85.0")
    assert (RoundFeedback.objects.count(), TestRound.objects.get().feedback_count) == (1, 1)

    before = state()
    with pytest.raises(InvalidFeedback) as refused:
        give(tester, test_round, sus=[3, 3, 3, 6, 3, 3, 3, 3, 3, 3], tasks=("yes", "maybe"))
    assert {"sus.3", "tasks.1", "tasks.2"} <= set(refused.value.errors)
    with pytest.raises(InvalidFeedback):
        give(tester, test_round, answers=["One", "Two"])  # the round asks one question
    assert state() == before

    rounds.testround_set_status(actor=author, test_round=test_round, status="finished")
    before = state()
    with pytest.raises(RoundFinished):
        give(tester, test_round, sus=NEUTRAL)
    with pytest.raises(RoundFinished):
        rounds.signup_decide(actor=official, signup=RoundSignup.objects.get(user=waiting), confirm=True)
    with pytest.raises(StatusNotAllowed):
        rounds.testround_set_status(actor=author, test_round=test_round, status="open")
    assert state() == before


def test_a_tester_with_feedback_keeps_their_place(test_round, official, confirmed, make_user):
    tester = confirmed()
    give(tester, test_round)
    signup = RoundSignup.objects.get(user=tester)
    before = state()
    with pytest.raises(HasGivenFeedback):
        rounds.signup_decide(actor=official, signup=signup, confirm=False)
    with pytest.raises(HasGivenFeedback):
        rounds.signup_withdraw(user=tester, test_round=test_round)
    assert state() == before
    other = confirmed()
    rounds.signup_withdraw(user=other, test_round=test_round)
    test_round.refresh_from_db()
    assert (test_round.signup_count, test_round.confirmed_count) == (1, 1)


def test_what_a_round_tests_changes_only_until_the_first_feedback(test_round, author, official, confirmed):
    rounds.testround_update(actor=author, test_round=test_round, **round_fields(test_round.design, places=3))
    confirmed(), confirmed()
    with pytest.raises(InvalidRound) as refused:
        rounds.testround_update(actor=author, test_round=test_round, **round_fields(test_round.design, places=1))
    assert "places" in refused.value.errors
    give(RoundSignup.objects.filter(status="confirmed").first().user, test_round)
    before = state()
    with pytest.raises(RoundHasFeedback):
        rounds.testround_update(actor=author, test_round=test_round, **round_fields(test_round.design, tasks=["New"]))
    assert state() == before
    assert TestRound.objects.get().tasks == ["Sign in", "Renew the permit", "Pay"]


def test_the_summary_counts_completion_and_the_sus_mean_with_its_interval(test_round, author, confirmed):
    assert summary(test_round).sus.mean is None
    give(confirmed(), test_round, sus=NEUTRAL, tasks=("yes", "yes", "no"))
    one = summary(test_round)
    assert (one.testers, one.sus.mean, one.sus.has_interval) == (1, 50.0, False)
    give(confirmed(), test_round, sus=GOOD, tasks=("help", "no", "no"))
    result = summary(test_round)
    assert result.testers == 2
    assert [(t.text, t.tally.yes, t.tally.with_help, t.tally.no) for t in result.tasks] == [
        ("Sign in", 1, 1, 0),
        ("Renew the permit", 1, 0, 1),
        ("Pay", 0, 0, 2),
    ]
    assert result.tasks[0].tally.completion == 1.0 and result.tasks[2].tally.completion == 0.0
    # scores 50 and 85: mean 67.5, standard error 17.5, t(0.975, 1) = 12.706: the interval is the whole scale
    assert (result.sus.mean, result.sus.low, result.sus.high) == (67.5, 0.0, 100.0)


def test_authors_record_findings_of_a_finished_round_and_a_later_version_answers_them(
    test_round, author, official, confirmed, make_design
):
    before = state()
    with pytest.raises(RoundNotFinished):
        rounds.finding_record(actor=author, test_round=test_round, text="Too early.", severity="minor")
    assert state() == before
    finding = finished_round_with_finding(test_round, author, confirmed)
    before = state()
    with pytest.raises(NotPermitted):
        rounds.finding_record(actor=official, test_round=test_round, text="Not theirs.", severity="minor")
    with pytest.raises(InvalidRound):
        rounds.finding_record(actor=author, test_round=test_round, text="Fine.", severity="catastrophic")
    # the version the round tested cannot answer it; nor can a stranger; nor a version of another design
    with pytest.raises(FindingNotAnswerable):
        rounds.findings_answered_by(actor=author, version=test_round.version, findings=[finding])
    design = test_round.design
    version = actions.design_save_version(
        actor=author, design=design, content=full_content(problem="Paying moved"), base_version=1
    )
    with pytest.raises(NotPermitted):
        rounds.findings_answered_by(actor=official, version=version, findings=[finding])
    elsewhere = make_design(title="Elsewhere")
    with pytest.raises(FindingNotAnswerable):
        rounds.findings_answered_by(actor=elsewhere.author, version=elsewhere.current_version, findings=[finding])
    assert state() == before
    rounds.findings_answered_by(actor=author, version=version, findings=[finding])
    finding.refresh_from_db()
    assert finding.answered_in == version
    with pytest.raises(FindingNotAnswerable):  # answered once
        rounds.findings_answered_by(actor=author, version=version, findings=[finding])


def test_a_persons_signups_and_feedback_are_in_their_data_export(test_round, confirmed):
    tester = confirmed()
    give(tester, test_round, answers=["Paying."], comment="Good.")
    data = personal_data(tester)["design_test_rounds"]
    assert data["test_round_signups"][0]["why_you_fit"] == "I renew every March."
    feedback = data["test_round_feedback"][0]
    assert feedback["sus_score"] == 85.0 and feedback["comment"] == "Good."
    assert feedback["tasks"][1] == {"task": "Renew the permit", "outcome": "help"}
    assert feedback["answers"] == [{"question": "What was hardest?", "answer": "Paying."}]


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_everyone_who_may_see_the_design_reads_the_round_and_its_results(client, test_round, confirmed):
    give(confirmed(display_name="Tessa Tester"), test_round, comment="My neighbour Joe helped.")
    page = client.get(test_round.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Renew the permit" in body and "Residents of a permit zone" in body and "1 left" in body
    assert "Sign in to sign up as a tester" in body
    results = client.get(reverse("designs:testround_summary", args=[test_round.design_id, test_round.pk]))
    body = results.content.decode()
    assert results.status_code == 200 and "Mean score: 85.0" in body
    assert "no confidence interval can be computed" in body
    assert "Tessa Tester" not in body and "Joe" not in body  # no names, no written text for the public
    design_page = client.get(test_round.design.get_absolute_url()).content.decode()
    assert test_round.get_absolute_url() in design_page
    Design.objects.filter(pk=test_round.design_id).update(is_hidden=True)
    assert client.get(test_round.get_absolute_url()).status_code == 404


def test_planning_a_round_on_the_page_keeps_what_was_typed(client, design, author):
    person = signed_in(client, author)
    url = reverse("designs:testround_create", args=[design.pk])
    assert person.get(url).status_code == 200
    data = {
        "title": "My careful title",
        "version": design.current_version.pk,
        "tasks": "Sign in\nRenew",
        "questions": "",
        "criteria": "Residents.",
        "places": "0",
        "starts_at": TODAY().isoformat(),
        "ends_at": (TODAY() + dt.timedelta(days=3)).isoformat(),
    }
    refused = person.post(url, data)
    assert refused.status_code == 400 and "My careful title" in refused.content.decode()
    data["ends_at"] = (TODAY() - dt.timedelta(days=3)).isoformat()
    data["places"] = "4"
    refused = person.post(url, data)  # refused by the action: the message is put beside the field
    body = refused.content.decode()
    assert refused.status_code == 400 and "on or after the first day" in body and "Sign in\nRenew" in body
    assert not TestRound.objects.exists()
    data["ends_at"] = (TODAY() + dt.timedelta(days=3)).isoformat()
    created = person.post(url, data)
    test_round = TestRound.objects.get()
    assert created.status_code == 302 and created.url == test_round.get_absolute_url()
    assert test_round.tasks == ["Sign in", "Renew"]


def test_others_cannot_plan_change_or_run_a_round(client, test_round, make_user):
    stranger = signed_in(client, make_user())
    pk, rid = test_round.design_id, test_round.pk
    before = state()
    assert stranger.get(reverse("designs:testround_create", args=[pk])).status_code == 403
    assert stranger.post(reverse("designs:testround_create", args=[pk]), {"title": "X"}).status_code == 403
    assert stranger.get(reverse("designs:testround_edit", args=[pk, rid])).status_code == 403
    assert stranger.post(reverse("designs:testround_status", args=[pk, rid]), {"status": "finished"}).status_code == 403
    assert stranger.get(reverse("designs:testround_testers", args=[pk, rid])).status_code == 403
    assert stranger.get(reverse("designs:testround_results_csv", args=[pk, rid])).status_code == 403
    assert stranger.get(reverse("designs:testround_feedback", args=[pk, rid])).status_code == 403
    assert state() == before
    assert client.get(reverse("designs:testround", args=[pk + 1000, rid])).status_code == 404


def test_signing_up_on_the_page(client, test_round, make_user):
    person = signed_in(client, make_user())
    url = reverse("designs:testround_signup", args=[test_round.design_id, test_round.pk])
    refused = person.post(url, {"motivation": "I renew every year. " * 30})
    assert refused.status_code == 400 and "I renew every year." in refused.content.decode()
    assert not RoundSignup.objects.exists()
    assert person.post(url, {"motivation": "I renew every March."}).status_code == 302
    page = person.get(test_round.get_absolute_url()).content.decode()
    assert "An official will confirm or decline" in page
    assert person.post(url, {"motivation": "Twice."}).status_code == 409
    assert RoundSignup.objects.count() == 1


def test_the_official_confirms_on_the_list_and_the_author_cannot(
    client, test_round, author, official, make_user, with_second_factor
):
    with_second_factor(official)
    person = make_user(display_name="Tessa Tester")
    signup = rounds.signup_create(user=person, test_round=test_round, motivation="Zone B, every March.")
    url = reverse("designs:testround_testers", args=[test_round.design_id, test_round.pk])
    as_author = signed_in(client, author)
    assert as_author.get(url).status_code == 403
    assert as_author.post(url, {"signup": signup.pk, "decision": "confirm"}).status_code == 403
    assert RoundSignup.objects.get().status == "pending"
    client.logout()
    as_official = signed_in(client, official)
    listed = as_official.get(url)
    body = listed.content.decode()
    assert listed.status_code == 200 and "Tessa Tester" in body and "Zone B, every March." in body
    assert '<th scope="row">Tessa Tester</th>' in body
    assert as_official.post(url, {"signup": signup.pk, "decision": "confirm"}).status_code == 302
    assert RoundSignup.objects.get().status == "confirmed"
    assert as_official.post(url, {"signup": "abc", "decision": "confirm"}).status_code == 404


def feedback_post(sus=GOOD, **extra) -> dict:
    data = {"task_0": "yes", "task_1": "help", "task_2": "no", "answer_0": "", "comment": ""}
    data |= {f"sus_{i}": str(v) for i, v in enumerate(sus) if v is not None}
    data.update(extra)
    return data


def test_giving_feedback_on_the_page(client, test_round, confirmed):
    tester = confirmed()
    person = signed_in(client, tester)
    url = reverse("designs:testround_feedback", args=[test_round.design_id, test_round.pk])
    page = person.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("<fieldset") >= 14  # tasks, the scale, 3 tasks and 10 statements each a group with a legend
    assert "<legend>I found the system unnecessarily complex." in body
    refused = person.post(url, feedback_post(sus=[4, 1, 4, None, 5, 1, 4, 1, 4, 2], comment="My careful comment"))
    assert refused.status_code == 400 and "My careful comment" in refused.content.decode()
    assert not RoundFeedback.objects.exists()
    assert person.post(url, feedback_post(answer_0="Paying.")).status_code == 302
    feedback = RoundFeedback.objects.get()
    assert (feedback.task_outcomes, feedback.sus_score, feedback.answers) == (
        ["yes", "help", "no"],
        Decimal("85.0"),
        ["Paying."],
    )
    again = person.get(url).content.decode()
    assert 'value="help" required id="id_task_1_1" checked' in again  # what was given is shown to be changed
    assert "Paying." in again


def test_the_people_who_run_the_round_read_what_testers_wrote_and_download_the_results(
    client, test_round, author, official, confirmed, with_second_factor
):
    with_second_factor(official)
    give(
        confirmed(display_name="Tessa Tester"), test_round, answers=["The payment page."], comment="=cmd|' /C calc'!A0"
    )
    give(confirmed(display_name="Theo Tester"), test_round, sus=NEUTRAL, tasks=("no", "no", "no"))
    summary_url = reverse("designs:testround_summary", args=[test_round.design_id, test_round.pk])
    csv_url = reverse("designs:testround_results_csv", args=[test_round.design_id, test_round.pk])
    as_author = signed_in(client, author)
    body = as_author.get(summary_url).content.decode()
    assert "The payment page." in body and "Tessa Tester" not in body
    response = as_author.get(csv_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["tester", "task_1", "task_2", "task_3", *(f"sus_{n}" for n in range(1, 11)), "sus_score"]
    assert rows[1] == ["1", "yes", "help", "no", "4", "1", "4", "2", "5", "1", "4", "1", "4", "2", "85.0"]
    assert rows[2][0] == "2" and rows[2][-1] == "50.0"
    assert "Tessa" not in text and "payment page" not in text and "calc" not in text
    client.logout()
    assert signed_in(client, official).get(csv_url).status_code == 200


def test_a_new_version_answers_findings_ticked_on_the_writing_page(client, test_round, author, confirmed):
    finding = finished_round_with_finding(test_round, author, confirmed)
    design = test_round.design
    person = signed_in(client, author)
    edit_url = reverse("designs:edit", args=[design.pk])
    assert "Paying is hard to find." in person.get(edit_url).content.decode()
    data = editor_post(1, resources="Payment in the app.")
    data["findings-answers_findings"] = [str(finding.pk)]
    assert person.post(edit_url, data).status_code == 302
    finding.refresh_from_db()
    assert finding.answered_in.number == 2
    assert "answered in version 2" in client.get(design.get_absolute_url()).content.decode()
    summary_url = reverse("designs:testround_summary", args=[design.pk, test_round.pk])
    assert "Answered in version 2" in client.get(summary_url).content.decode()
    assert "Answered in version 2" in client.get(test_round.get_absolute_url()).content.decode()
    # answered findings are no longer offered; a forged one is refused and saves nothing
    assert "Paying is hard to find." not in person.get(edit_url).content.decode()


def test_a_forged_finding_on_the_writing_page_saves_no_version(client, test_round, author, confirmed, make_design):
    finished_round_with_finding(test_round, author, confirmed)
    design = test_round.design
    person = signed_in(client, author)
    data = editor_post(1, resources="Payment in the app.")
    data["findings-answers_findings"] = ["99999"]
    response = person.post(reverse("designs:edit", args=[design.pk]), data)
    assert response.status_code == 400 and "Payment in the app." in response.content.decode()
    assert design.versions.count() == 1


def test_recording_a_finding_on_the_page(client, test_round, author, confirmed, make_user):
    give(confirmed(), test_round)
    rounds.testround_set_status(actor=author, test_round=test_round, status="finished")
    url = reverse("designs:testround_finding", args=[test_round.design_id, test_round.pk])
    stranger = signed_in(client, make_user())
    assert stranger.post(url, {"text": "Mine.", "severity": "minor"}).status_code == 403
    client.logout()
    person = signed_in(client, author)
    refused = person.post(url, {"text": "A careful finding", "severity": "huge"})
    assert refused.status_code == 400 and "A careful finding" in refused.content.decode()
    assert not RoundFinding.objects.exists()
    assert person.post(url, {"text": "Paying is hidden.", "severity": "critical"}).status_code == 302
    assert RoundFinding.objects.get().severity == "critical"


# --- API -------------------------------------------------------------------------------------------------------------


def test_a_designs_test_rounds_in_the_api(client, test_round, author, confirmed):
    give(confirmed(display_name="Tessa Tester"), test_round, comment="Private words.")
    give(confirmed(), test_round, sus=NEUTRAL)
    rounds.testround_set_status(actor=author, test_round=test_round, status="finished")
    rounds.finding_record(actor=author, test_round=test_round, text="Paying is hidden.", severity="critical")
    response = client.get(f"/api/v1/designs/{test_round.design_id}/test-rounds")
    assert response.status_code == 200
    [data] = response.json()
    assert (data["id"], data["status"], data["version"], data["places_left"]) == (test_round.pk, "finished", 1, 0)
    assert data["task_results"][1] == {
        "number": 2,
        "task": "Renew the permit",
        "yes": 0,
        "with_help": 2,
        "no": 0,
        "completion": 1.0,
    }
    assert data["sus"]["testers"] == 2 and data["sus"]["mean"] == 67.5
    assert (data["sus"]["ci95_low"], data["sus"]["ci95_high"]) == (0.0, 100.0)
    assert data["findings"] == [{"text": "Paying is hidden.", "severity": "critical", "answered_in_version": None}]
    assert "Tessa" not in response.content.decode() and "Private words" not in response.content.decode()
    Design.objects.filter(pk=test_round.design_id).update(is_hidden=True)
    assert client.get(f"/api/v1/designs/{test_round.design_id}/test-rounds").status_code == 404


# --- Demo ------------------------------------------------------------------------------------------------------------


def test_the_demo_round_is_finished_with_eight_testers_and_a_finding_answered_by_a_later_version(
    make_design, make_user, official, city
):
    from cocreate.designs.demo import seed_demo_test_round

    design = make_design(title="Permit in the city app, with a paper route kept", content=full_content())
    for n in range(1, 11):
        make_user(email=f"resident{n}@demo.example.org")
    assert seed_demo_test_round(city=city, official=official) == 8
    test_round = TestRound.objects.get(design=design)
    assert (test_round.status, test_round.feedback_count, test_round.confirmed_count) == ("finished", 8, 8)
    result = summary(test_round)
    assert result.sus.has_interval and 0 < result.sus.low < result.sus.mean < result.sus.high < 100
    findings = list(test_round.findings.order_by("pk"))
    assert [(f.severity, f.answered_in and f.answered_in.number) for f in findings] == [
        ("critical", 2),
        ("major", None),
    ]
    assert seed_demo_test_round(city=city, official=official) == 0  # a second run leaves it alone
    assert TestRound.objects.count() == 1


def test_the_authors_change_and_run_the_round_on_its_pages(client, test_round, author, confirmed):
    person = signed_in(client, author)
    pk, rid = test_round.design_id, test_round.pk
    edit_url = reverse("designs:testround_edit", args=[pk, rid])
    form = person.get(edit_url).content.decode()
    assert "Sign in\nRenew the permit\nPay" in form
    data = {
        "title": "Renewing, second try",
        "version": test_round.version_id,
        "tasks": "Sign in\nPay",
        "questions": "",
        "criteria": "Residents.",
        "places": "5",
        "starts_at": test_round.starts_at.isoformat(),
        "ends_at": test_round.ends_at.isoformat(),
    }
    assert person.post(edit_url, data).status_code == 302
    test_round.refresh_from_db()
    assert (test_round.title, test_round.tasks, test_round.places) == ("Renewing, second try", ["Sign in", "Pay"], 5)
    page = person.get(test_round.get_absolute_url()).content.decode()
    assert "Close sign-up" in page and "Finish the round" in page
    tester = confirmed()
    assert person.post(reverse("designs:testround_status", args=[pk, rid]), {"status": "running"}).status_code == 302
    assert TestRound.objects.get().status == "running"
    give(tester, test_round, tasks=("yes", "yes"))
    before = state()
    assert person.get(edit_url).status_code == 409  # testers answered these tasks already
    assert person.post(edit_url, data | {"tasks": "Other"}).status_code == 409
    assert person.post(reverse("designs:testround_status", args=[pk, rid]), {"status": "bogus"}).status_code == 400
    assert state() == before
