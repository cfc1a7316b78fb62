import pytest
from django.urls import reverse

from cocreate.activity.models import Link
from cocreate.conftest import PASSWORD
from cocreate.core.errors import NotPermitted
from cocreate.designs import actions
from cocreate.designs.errors import (
    AmendmentNotOpen,
    AmendmentOutdated,
    AmendmentsClosed,
    AnswerRequired,
    InvalidContent,
    NothingChanged,
    UnknownSection,
)
from cocreate.designs.models import Amendment, Design, DesignVersion
from cocreate.engagement.models import Notification

from .conftest import full_content

pytestmark = pytest.mark.django_db


def _state():
    return (
        Amendment.objects.count(),
        DesignVersion.objects.count(),
        Design.objects.count(),
        list(Amendment.objects.order_by("pk").values_list("status", "answer", "content")),
    )


@pytest.fixture
def design(make_design, make_user):
    return make_design(author=make_user(display_name="Dana Designer"), content=full_content())


@pytest.fixture
def proposer(make_user):
    return make_user(display_name="Pia Proposer")


def propose(design, proposer, **extra):
    extra.setdefault("section", "problem")
    extra.setdefault("content", "Permits are renewed on paper, and the office is open only in the morning.")
    extra.setdefault("reason", "Opening hours are the real barrier.")
    return actions.amendment_propose(proposer=proposer, design=design, **extra)


def test_an_accepted_amendment_becomes_a_version_credited_to_its_proposer(design, proposer):
    amendment = propose(design, proposer)
    assert Notification.objects.filter(recipient=design.author, verb="design.amendment_proposed").exists()
    version = actions.amendment_accept(actor=design.author, amendment=amendment)
    amendment.refresh_from_db()
    assert (version.number, version.author, version.credited_to) == (2, design.author, proposer)
    assert version.content["problem"].endswith("open only in the morning.")
    assert version.content["costs"] == design.current_version.content["costs"]  # the other sections stay
    assert (amendment.status, amendment.result_version) == (Amendment.Status.ACCEPTED, version)
    assert Notification.objects.filter(recipient=proposer, verb="design.amendment_accepted").exists()


def test_a_table_section_can_be_amended(design, proposer):
    rows = [*full_content()["costs"], {"item": "Help desk", "one_off": 0, "yearly": 18000}]
    amendment = propose(design, proposer, section="costs", content=rows)
    version = actions.amendment_accept(actor=design.author, amendment=amendment)
    assert [r["item"] for r in version.content["costs"]] == ["App module", "Help desk"]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"section": "budget"}, UnknownSection),
        ({"content": "Permits are renewed on paper."}, NothingChanged),
        ({"section": "costs", "content": [{"item": "A", "one_off": -1}]}, InvalidContent),
        ({"reason": "  "}, AnswerRequired),
    ],
)
def test_an_amendment_that_cannot_be_taken_is_refused_and_nothing_is_stored(design, proposer, extra, error):
    before = _state()
    with pytest.raises(error):
        propose(design, proposer, **extra)
    assert _state() == before


def test_authors_do_not_amend_their_own_design_and_others_cannot_decide(design, proposer, make_user):
    amendment = propose(design, proposer)
    before = _state()
    with pytest.raises(NotPermitted):
        propose(design, design.author, content="Mine")
    for someone in (proposer, make_user()):
        with pytest.raises(NotPermitted):
            actions.amendment_accept(actor=someone, amendment=amendment)
        with pytest.raises(NotPermitted):
            actions.amendment_reject(actor=someone, amendment=amendment, answer="No")
    assert _state() == before


def test_rejecting_and_asking_for_changes_need_a_public_answer(design, proposer):
    amendment = propose(design, proposer)
    before = _state()
    with pytest.raises(AnswerRequired):
        actions.amendment_reject(actor=design.author, amendment=amendment, answer=" ")
    with pytest.raises(AnswerRequired):
        actions.amendment_request_changes(actor=design.author, amendment=amendment, answer="")
    assert _state() == before
    actions.amendment_request_changes(actor=design.author, amendment=amendment, answer="Name the hours, please.")
    with pytest.raises(AmendmentNotOpen):
        actions.amendment_accept(actor=design.author, amendment=amendment)
    revised = actions.amendment_revise(
        proposer=proposer, amendment=amendment, content="Open only 8 to 12 on weekdays.", reason=""
    )
    assert revised.status == Amendment.Status.OPEN and revised.reason == "Opening hours are the real barrier."
    actions.amendment_reject(actor=design.author, amendment=amendment, answer="Out of scope.")
    with pytest.raises(AmendmentNotOpen):
        actions.amendment_reject(actor=design.author, amendment=amendment, answer="Again")


def test_an_amendment_on_a_section_changed_since_is_not_accepted(design, proposer):
    amendment = propose(design, proposer)
    actions.design_save_version(
        actor=design.author, design=design, content=full_content(problem="Rewritten."), base_version=1
    )
    before = _state()
    with pytest.raises(AmendmentOutdated):
        actions.amendment_accept(actor=design.author, amendment=amendment)
    assert _state() == before
    # a change to another section does not block it
    other = propose(design, proposer, section="resources", content="Two more staff.")
    actions.design_save_version(
        actor=design.author, design=design, content=full_content(problem="Rewritten.", risks=[]), base_version=2
    )
    assert actions.amendment_accept(actor=design.author, amendment=other).content["risks"] == []


def test_a_rejected_amendment_becomes_a_design_of_its_own(design, proposer):
    amendment = propose(design, proposer)
    actions.amendment_reject(actor=design.author, amendment=amendment, answer="Out of scope.")
    new = actions.amendment_spin_off(proposer=proposer, amendment=amendment, title="Evening office", summary="Later.")
    assert new.author == proposer and new.current_version.content["problem"].endswith("morning.")
    assert new.current_version.content["costs"] == design.current_version.content["costs"]
    assert Link.objects.filter(source_id=new.pk, target_id=design.pk, kind="spun_off_from").exists()
    with pytest.raises(NotPermitted):
        actions.amendment_spin_off(proposer=proposer, amendment=amendment, title="Twice", summary="No.")


def test_officials_close_a_design_to_amendments_and_those_made_stay(design, proposer, official):
    made = propose(design, proposer)
    with pytest.raises(NotPermitted):
        actions.amendments_close(actor=proposer, design=design, closed=True)
    actions.amendments_close(actor=official, design=design, closed=True)
    before = _state()
    with pytest.raises(AmendmentsClosed):
        propose(design, proposer, section="resources", content="More.")
    assert _state() == before
    assert Amendment.objects.filter(pk=made.pk).exists()


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_proposing_and_answering_on_the_pages(client, design, proposer):
    page = signed_in(client, proposer)
    url = reverse("designs:amend", args=[design.pk]) + "?section=problem"
    form = page.get(url)
    assert form.status_code == 200 and "Permits are renewed on paper." in form.content.decode()
    refused = page.post(url, {"section": "problem", "problem": "My careful new text.", "reason": ""})
    assert refused.status_code == 400 and "My careful new text." in refused.content.decode()
    sent = page.post(url, {"section": "problem", "problem": "My careful new text.", "reason": "Clearer."})
    amendment = Amendment.objects.get()
    assert sent.status_code == 302 and sent.url == amendment.get_absolute_url()
    assert "To “The problem it solves”" in page.get(design.get_absolute_url()).content.decode()
    client.logout()

    author = signed_in(client, design.author)
    detail = author.get(amendment.get_absolute_url()).content.decode()
    assert "<ins>" in detail and "Accept into a new version" in detail
    answer_url = reverse("designs:amendment_answer", args=[design.pk, amendment.pk])
    no_reason = author.post(answer_url, {"decision": "reject", "answer": ""})
    assert no_reason.status_code == 400 and Amendment.objects.get().status == Amendment.Status.OPEN
    assert author.post(answer_url, {"decision": "accept", "answer": ""}).status_code == 302
    assert Design.objects.get(pk=design.pk).current_version.credited_to == proposer


def test_a_stranger_cannot_answer_an_amendment_on_the_page(client, design, proposer, make_user):
    amendment = propose(design, proposer)
    stranger = signed_in(client, make_user())
    response = stranger.post(
        reverse("designs:amendment_answer", args=[design.pk, amendment.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert Amendment.objects.get().status == Amendment.Status.OPEN
    assert "Accept into a new version" not in stranger.get(amendment.get_absolute_url()).content.decode()


def test_the_proposer_updates_an_amendment_on_its_page(client, design, proposer):
    amendment = propose(design, proposer)
    actions.amendment_request_changes(actor=design.author, amendment=amendment, answer="Name the hours.")
    page = signed_in(client, proposer)
    url = reverse("designs:amendment_revise", args=[design.pk, amendment.pk])
    form = page.get(url).content.decode()
    assert "open only in the morning." in form and "Opening hours are the real barrier." in form
    same = page.post(url, {"problem": "Permits are renewed on paper.", "reason": "Still."})
    assert same.status_code == 400 and "Nothing changed" in same.content.decode()
    sent = page.post(url, {"problem": "Open only 8 to 12 on weekdays.", "reason": "Hours named."})
    assert sent.status_code == 302
    amendment.refresh_from_db()
    assert (amendment.status, amendment.content) == (Amendment.Status.OPEN, "Open only 8 to 12 on weekdays.")
    assert signed_in(client, design.author).get(url).status_code == 403
