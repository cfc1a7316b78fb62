"""Each contribution model declares its own status workflow; engagement follows the declaration of the target."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from cocreate.engagement import actions
from cocreate.engagement.errors import AnswerRequired, StatusTransitionNotAllowed
from cocreate.engagement.forms import StatusForm
from cocreate.engagement.models import Contribution, StatusChange
from cocreate.engagement.workflows import Workflow
from cocreate.ideas.models import Idea
from cocreate.problems.models import Problem


def fresh(item):
    return type(item).objects.get(pk=item.pk)


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


def test_every_contribution_model_has_a_status_field_made_from_its_workflow():
    contribution_models = [m for m in apps.get_models() if issubclass(m, Contribution)]
    assert sorted(m._meta.label for m in contribution_models) == [
        "delivery.ImplementationProject",
        "designs.Design",
        "ideas.Idea",
        "problems.Problem",
    ]
    for model in contribution_models:
        field = model._meta.get_field("status")
        assert field.choices == model.workflow.choices
        assert field.default == model.workflow.initial


def test_the_problem_workflow_keeps_the_statuses_open311_knows():
    assert [value for value, _ in Problem.workflow.choices] == [
        "submitted",
        "under_review",
        "accepted",
        "not_accepted",
        "in_progress",
        "done",
        "duplicate",
    ]
    assert Problem.workflow.closed == {"not_accepted", "done", "duplicate"}
    assert Problem.workflow.awaiting_answer == {"submitted"}


def test_a_workflow_naming_a_status_it_does_not_have_is_refused():
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SHUT = "shut", "Shut"

    with pytest.raises(ImproperlyConfigured):
        Workflow(
            statuses=Status,
            initial=Status.OPEN,
            transitions={Status.OPEN: {"reopened"}},
            open={Status.OPEN},
            awaiting_answer={Status.OPEN},
            closed={Status.SHUT},
            answer_required=set(),
        )


@pytest.mark.django_db
def test_the_problem_workflow_refuses_a_transition_it_does_not_declare(make_problem, official):
    problem = make_problem()
    with pytest.raises(StatusTransitionNotAllowed):
        actions.status_change(actor=official, target=problem, status="done", answer="Fixed")
    assert fresh(problem).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_the_problem_workflow_refuses_a_status_of_the_idea_workflow(make_problem, official):
    problem = make_problem()
    with pytest.raises(StatusTransitionNotAllowed):
        actions.status_change(actor=official, target=problem, status="implemented", answer="Built")
    assert fresh(problem).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["implemented", "done", "in_progress"])
def test_the_idea_workflow_refuses_a_transition_it_does_not_declare(make_idea, official, status):
    idea = make_idea()
    with pytest.raises(StatusTransitionNotAllowed):
        actions.status_change(actor=official, target=idea, status=status, answer="Built last year.")
    assert fresh(idea).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_idea_transition_posted_by_an_official_changes_nothing(official_client, make_idea):
    idea = make_idea()
    response = official_client.post(
        f"/engage/ideas/idea/{idea.pk}/answer/", {"status": "implemented", "answer": "Built last year."}
    )
    assert response.status_code == 400
    assert fresh(idea).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_a_problem_status_posted_for_an_idea_is_not_a_valid_choice(official_client, make_idea):
    idea = make_idea()
    response = official_client.post(f"/engage/ideas/idea/{idea.pk}/answer/", {"status": "done", "answer": "Done."})
    assert response.status_code == 400
    assert "Done." in response.content.decode()  # the answer typed comes back
    assert fresh(idea).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_an_idea_is_accepted_then_implemented_with_a_public_answer(make_idea, official):
    idea = make_idea()
    actions.status_change(actor=official, target=idea, status="accepted", answer="We will build it.")
    with pytest.raises(AnswerRequired):
        actions.status_change(actor=official, target=idea, status="implemented")
    assert fresh(idea).status == "accepted"
    actions.status_change(actor=official, target=idea, status="implemented", answer="Built on Station Road.")
    assert fresh(idea).status == "implemented"
    assert list(StatusChange.objects.values_list("old_status", "new_status")) == [
        ("submitted", "accepted"),
        ("accepted", "implemented"),
    ]


def test_the_status_form_offers_the_next_statuses_of_the_targets_workflow():
    idea_form = StatusForm(workflow=Idea.workflow, current="accepted")
    problem_form = StatusForm(workflow=Problem.workflow, current="accepted")
    assert [(value, str(label)) for value, label in idea_form.fields["status"].choices] == [
        ("not_accepted", "Not accepted"),
        ("implemented", "Implemented"),
    ]
    assert [(value, str(label)) for value, label in problem_form.fields["status"].choices] == [
        ("not_accepted", "Not accepted"),
        ("in_progress", "In progress"),
        ("done", "Done"),
    ]


@pytest.mark.django_db
def test_an_ideas_page_names_its_statuses_with_the_idea_workflows_labels(client, make_idea, official):
    idea = make_idea()
    actions.status_change(actor=official, target=idea, status="accepted", answer="We will build it.")
    actions.status_change(actor=official, target=idea, status="implemented", answer="Built on Station Road.")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert page.count("<strong>Implemented</strong>") == 1


@pytest.mark.django_db
def test_declining_without_an_answer_comes_back_with_the_form_not_a_dead_end(official_client, make_idea):
    idea = make_idea()
    response = official_client.post(
        f"/engage/ideas/idea/{idea.pk}/answer/",
        {"status": "not_accepted", "answer": "  ", "next": idea.get_absolute_url()},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Explain the decision in a public answer." in page
    assert 'id="id_answer_error"' in page  # beside the field
    assert 'value="not_accepted" selected' in page or 'value="not_accepted" checked' in page
    assert fresh(idea).status == "submitted"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_internal_note_comes_back_with_what_was_typed(official_client, make_idea):
    from cocreate.engagement.models import InternalNote

    idea = make_idea()
    response = official_client.post(f"/engage/ideas/idea/{idea.pk}/note/", {"body": "Costed at " + "9" * 5000})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Costed at 999" in page
    assert 'id="note-body_error"' in page
    assert InternalNote.objects.count() == 0
