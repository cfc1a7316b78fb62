"""Who may see and change implementation projects.

Everyone who may see the challenge reads its projects (a project hidden by moderation only its officials); the
officials of the challenge's public body and administrators change them. Following a project is participation: the
challenge's active stage must allow it (the delivery stage does).
"""

import rules

from cocreate.challenges.rules import can_manage_challenge, can_view_challenge, stage_allows
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import is_authenticated, is_superuser, is_suspended


@rules.predicate
def not_hidden(user, project) -> bool:
    return project is not None and not project.is_hidden


@rules.predicate
def challenge_visible(user, project) -> bool:
    return project is not None and can_view_challenge.test(user, project.challenge)


@rules.predicate
def manages_challenge(user, obj) -> bool:
    """The officials of the challenge's public body (and administrators), for a project or for its challenge."""
    challenge = getattr(obj, "challenge", obj)
    return challenge is not None and can_manage_challenge.test(user, challenge)


can_manage_project = is_superuser | manages_challenge
can_view_project = can_manage_project | (challenge_visible & not_hidden)

rules.add_perm("delivery.view_implementationproject", can_view_project)
rules.add_perm("delivery.change_implementationproject", can_manage_project)
# The status with a public answer (engagement's form), and officials' internal notes.
rules.add_perm("delivery.answer_implementationproject", can_manage_project)
rules.add_perm("delivery.note_implementationproject", can_manage_project)
rules.add_perm(
    "delivery.follow_implementationproject",
    is_authenticated
    & ~is_suspended
    & can_view_project
    & stage_allows(Feature.FOLLOW, "delivery.implementationproject"),
)
# Making projects in a challenge (the object is the challenge, or the delivery stage's challenge).
rules.add_perm("delivery.add_implementationproject", is_superuser | manages_challenge)


# --- Co-delivery tasks (volunteering.py) -----------------------------------------------------------------------------
# A task is seen by whoever sees its project; the project's officials make tasks; anyone signed in and not suspended
# who sees it may sign up; its organiser (or the project's officials) checks people in.


@rules.predicate
def task_project_visible(user, task) -> bool:
    return task is not None and can_view_project.test(user, task.project)


@rules.predicate
def manages_task_project(user, task) -> bool:
    return task is not None and can_manage_project.test(user, task.project)


@rules.predicate
def organises_task(user, task) -> bool:
    return task is not None and user.is_authenticated and task.organiser_id == user.pk


rules.add_perm("delivery.view_volunteertask", task_project_visible)
rules.add_perm("delivery.add_volunteertask", can_manage_project)  # the object is the project
rules.add_perm("delivery.signup_volunteertask", is_authenticated & ~is_suspended & task_project_visible)
# Changing, cancelling and deleting a task: the project's officials (those who may manage the project).
rules.add_perm("delivery.change_volunteertask", is_superuser | manages_task_project)
rules.add_perm("delivery.delete_volunteertask", is_superuser | manages_task_project)
rules.add_perm("delivery.checkin_volunteertask", is_superuser | manages_task_project | organises_task)
