"""The delivery pages: what everyone reads, and what officials write, as a role × stage matrix in which every
refused request changed nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.challenges.actions import StageSpec, challenge_set_stages
from cocreate.conftest import days_from_now, give_second_factor
from cocreate.delivery import actions
from cocreate.delivery.models import BudgetItem, ImplementationProject, Milestone, ProjectUpdate
from cocreate.engagement.models import Follow, StatusChange
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "moderator", "other_official", "official", "org_admin", "superuser")
WRITERS = {"official", "org_admin", "superuser"}


@pytest.fixture
def people(citizen, moderator, official, org_admin, admin_user, make_user, other_city):
    other = make_user(display_name="Otto Elsewhere")
    membership_grant(
        user=other,
        organisation=other_city,
        role=Membership.Role.OFFICIAL,
        department=department_create(organisation=other_city, name="Parks"),
    )
    return {
        "anonymous": None,
        "citizen": citizen,
        "moderator": moderator,
        "other_official": other,
        "official": official,
        "org_admin": org_admin,
        "superuser": admin_user,
    }


def _as(client, user):
    if user is not None:
        give_second_factor(user)
        client.force_login(user)
    return client


@pytest.fixture(params=["delivery running", "delivery not begun"])
def stage(request, challenge, admin_user):
    if request.param == "delivery not begun":  # the vote still runs; delivery starts in a week
        challenge_set_stages(
            actor=admin_user,
            challenge=challenge,
            stage_specs=[
                StageSpec(type="design", starts_at=days_from_now(-60), ends_at=days_from_now(-30)),
                StageSpec(type="vote", starts_at=days_from_now(-30), ends_at=days_from_now(7)),
                StageSpec(type="delivery", starts_at=days_from_now(7), ends_at=None),
            ],
        )
    return request.param


@pytest.fixture
def project(admin_user, decision, stage):
    return actions.projects_from_decision(actor=admin_user, decision=decision)[0]


def _state(project):
    project.refresh_from_db()
    return (
        ImplementationProject.objects.count(),
        Milestone.objects.count(),
        Milestone.objects.filter(reached_on__isnull=False).count(),
        BudgetItem.objects.count(),
        ProjectUpdate.objects.count(),
        StatusChange.objects.count(),
        Follow.objects.count(),
        project.progress,
        project.status,
        project.title,
    )


def _requests(project, milestone, challenge, decision):
    p = project.pk
    return {
        "create": (f"/challenges/{challenge.slug}/delivery/new/", {"title": "New", "description": "New one."}),
        "from_decision": (f"/delivery/decisions/{decision.pk}/projects/", {}),
        "edit": (f"/delivery/projects/{p}/edit/", {"title": "Renamed", "description": "Changed."}),
        "progress": (f"/delivery/projects/{p}/progress/", {"progress": "55"}),
        "milestone": (f"/delivery/projects/{p}/milestones/", {"title": "Dig", "planned_on": "2030-01-01"}),
        "reach": (f"/delivery/milestones/{milestone.pk}/reached/", {}),
        "update": (f"/delivery/projects/{p}/updates/", {"body": "Going well."}),
        "budget": (
            f"/delivery/projects/{p}/budget/",
            {"description": "Contract", "amount": "10", "kind": "spent", "date": "2026-01-02"},
        ),
        "status": (
            f"/engage/delivery/implementationproject/{p}/answer/",
            {"status": "in_progress", "answer": "Started."},
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_officials_write_and_a_refused_write_changes_nothing(
    client, people, role, project, challenge, decision, admin_user
):
    """Each write in turn, in each stage: the public body's officials and administrators change the project; everyone
    else is refused (sent to sign in, or 403) and nothing changes."""
    milestone = actions.milestone_add(actor=admin_user, project=project, title="Order", planned_on=timezone.localdate())
    # One selected project is still waiting for its implementation.
    ImplementationProject.objects.filter(pk=project.pk).update(decision_project=None, source_id=None)
    client = _as(client, people[role])
    for write, (url, data) in _requests(project, milestone, challenge, decision).items():
        before = _state(project)
        response = client.post(url, data)
        if role in WRITERS:
            assert (write, response.status_code) == (write, 302)
            assert (write, _state(project) != before) == (write, True)
        else:
            assert (write, response.status_code) == (write, 302 if role == "anonymous" else 403)
            assert (write, _state(project)) == (write, before)


@pytest.mark.parametrize("role", ROLES)
def test_following_a_project_is_allowed_while_delivery_runs(client, people, role, project, stage):
    before = _state(project)
    response = _as(client, people[role]).post(f"/engage/delivery/implementationproject/{project.pk}/follow/")
    # (Django lets superusers pass every permission check.)
    if role == "superuser" or (role != "anonymous" and stage == "delivery running"):
        assert response.status_code == 302
        assert Follow.objects.filter(user=people[role], target_id=project.pk).count() == 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert _state(project) == before


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_pages_of_a_public_challenge(client, people, role, project, challenge):
    client = _as(client, people[role])
    assert client.get(f"/challenges/{challenge.slug}/delivery/").status_code == 200
    assert client.get(f"/delivery/projects/{project.pk}/").status_code == 200


def test_a_project_of_an_invited_challenge_is_not_found_for_a_citizen(client, citizen, project, challenge):
    type(challenge).objects.filter(pk=challenge.pk).update(visibility="invited")
    response = _as(client, citizen).get(f"/delivery/projects/{project.pk}/")
    assert response.status_code == 404


def test_the_project_page_shows_a_late_milestone(client, admin_user, project):
    actions.milestone_add(
        actor=admin_user, project=project, title="Permit", planned_on=timezone.localdate() - dt.timedelta(days=3)
    )
    page = client.get(f"/delivery/projects/{project.pk}/").content.decode()
    assert "Late: a milestone" in page


def test_the_project_page_shows_the_progress_as_text(client, admin_user, project):
    actions.project_set_progress(actor=admin_user, project=project, progress=35)
    page = client.get(f"/delivery/projects/{project.pk}/").content.decode()
    assert "35 % done" in page


def test_the_stage_page_offers_officials_the_decisions_winners(client, official, decision, challenge):
    page = _as(client, official).get(f"/challenges/{challenge.slug}/delivery/").content.decode()
    assert "Create projects from the decision’s winners" in page


def test_a_refused_milestone_comes_back_with_what_was_typed(client, official, project):
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/milestones/", {"title": "Dig the beds", "planned_on": "31/02/2026"}
    )
    assert response.status_code == 400
    assert 'value="Dig the beds"' in response.content.decode()


def test_a_budget_file_with_errors_imports_nothing_and_names_the_rows(client, official, project):
    text = "date,description,kind,amount\n2026-01-05,Trees,spent,100\n2026-02-30,Soil,spent,20\n2026-03-01,,gift,-5\n"
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/budget/import/",
        {"file": SimpleUploadedFile("budget.csv", text.encode(), content_type="text/csv")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert BudgetItem.objects.count() == 0
    assert "Row 3: the date “2026-02-30”" in page
    assert "Row 4: the description is empty." in page


def test_a_good_budget_file_is_imported_whole(client, official, project):
    text = "date;description;kind;amount\n2026-01-05;Trees;spent;100.50\n2026-01-06;Contract;committed;900\n"
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/budget/import/",
        {"file": SimpleUploadedFile("budget.csv", text.encode(), content_type="text/csv")},
    )
    project.refresh_from_db()
    assert response.status_code == 302
    assert (str(project.budget_spent), str(project.budget_committed)) == ("100.50", "900.00")


def test_an_official_starts_the_project_of_a_design_selected_outside_a_decision(client, official, challenge, designer):
    from cocreate.designs.models import Design

    design = Design.objects.create(
        author=designer,
        challenge=challenge,
        organisation=challenge.organisation,
        title="Cool roofs",
        summary="White roofs.",
        status=Design.Status.SELECTED,
    )
    response = _as(client, official).post(
        f"/challenges/{challenge.slug}/delivery/from-selected/", {"item": f"designs.design:{design.pk}"}
    )
    project = ImplementationProject.objects.get()
    assert response.status_code == 302
    assert (project.title, project.source_id) == ("Cool roofs", design.pk)


def test_a_design_that_is_not_selected_cannot_be_started_from_the_page(client, official, challenge, designer):
    from cocreate.designs.models import Design

    design = Design.objects.create(
        author=designer,
        challenge=challenge,
        organisation=challenge.organisation,
        title="Cool roofs",
        summary="White roofs.",
        status=Design.Status.READY,
    )
    response = _as(client, official).post(
        f"/challenges/{challenge.slug}/delivery/from-selected/", {"item": f"designs.design:{design.pk}"}
    )
    assert response.status_code == 404
    assert ImplementationProject.objects.count() == 0


def test_the_journey_of_a_project_leads_back_to_the_idea(client, project, idea_author):
    page = client.get(f"/journey/delivery/implementationproject/{project.pk}/").content.decode()
    assert "Idea: Shade trees" in page


def _photo_with_gps() -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 5.0, 0.0)}  # a GPS position
    exif[0x010F] = "CameraMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_an_update_with_a_photo_keeps_no_metadata(client, official, project, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/updates/",
        {
            "body": "The first trees are in.",
            "photo": SimpleUploadedFile("trees.jpg", _photo_with_gps(), content_type="image/jpeg"),
            "photo_alt": "Young trees on the square",
        },
    )
    update = ProjectUpdate.objects.get()
    assert response.status_code == 302
    with Image.open(update.photo.path) as stored:
        assert dict(stored.getexif()) == {}


def test_a_photo_without_a_description_is_refused_with_what_was_typed(client, official, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/updates/",
        {"body": "The first trees are in.", "photo": SimpleUploadedFile("t.jpg", _photo_with_gps())},
    )
    assert response.status_code == 400
    assert "The first trees are in." in response.content.decode()
    assert ProjectUpdate.objects.count() == 0


def test_a_file_that_is_not_a_photo_is_refused_beside_the_field(client, official, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/updates/",
        {"body": "News.", "photo": SimpleUploadedFile("t.jpg", b"not an image"), "photo_alt": "x"},
    )
    assert response.status_code == 400
    assert 'id="update-photo_error"' in response.content.decode()
    assert ProjectUpdate.objects.count() == 0
