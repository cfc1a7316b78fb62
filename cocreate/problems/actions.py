"""Every write to problems: reporting, triage, duplicates, framing challenges, and "was it fixed?"."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record, link_create
from cocreate.challenges.actions import challenge_create
from cocreate.challenges.stages import Feature
from cocreate.core.images import process_photo
from cocreate.core.inputs import date_in_range
from cocreate.core.permissions import require_perm
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Follow, Support
from cocreate.engagement.queries import answer_due_for
from cocreate.organisations.models import Membership
from cocreate.organisations.queries import responsible_department

from .errors import (
    AnswerInvalid,
    CategoryNotOffered,
    DuplicateOfItself,
    LocationInvalid,
    NotDone,
    NotInOrganisation,
    TooManyPhotos,
)
from .models import Category, CategoryQuestion, Photo, Problem


def clean_location(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
    except (InvalidOperation, ValueError):
        raise LocationInvalid() from None
    if not (lat.is_finite() and lon.is_finite() and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise LocationInvalid()
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def clean_answers(category: Category | None, answers: dict) -> dict:
    """Check the answers to a category's questions (Open311 attribute types) and keep only known ones."""
    if category is None:
        return {}
    cleaned = {}
    for question in category.questions.all():
        value = answers.get(question.code)
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            if question.required:
                raise AnswerInvalid(question.code, _("Answer the question “%(q)s”.") % {"q": question.label})
            continue
        keys = {str(c.get("key")) for c in question.choices}
        kind = question.datatype
        if kind == CategoryQuestion.Datatype.NUMBER:
            try:
                number = Decimal(values[0])
            except InvalidOperation:
                raise AnswerInvalid(question.code, _("“%(q)s” needs a number.") % {"q": question.label}) from None
            if not number.is_finite():
                raise AnswerInvalid(question.code, _("“%(q)s” needs a number.") % {"q": question.label})
            cleaned[question.code] = str(number)
        elif kind == CategoryQuestion.Datatype.DATETIME:
            try:
                moment = parse_datetime(values[0])
            except ValueError:  # well-formed, but no such day or hour
                moment = None
            if moment is None or not date_in_range(moment):
                raise AnswerInvalid(question.code, _("“%(q)s” needs a date and time.") % {"q": question.label})
            cleaned[question.code] = values[0]
        elif kind == CategoryQuestion.Datatype.SINGLEVALUELIST:
            if len(values) != 1 or values[0] not in keys:
                raise AnswerInvalid(question.code, _("Choose one answer to “%(q)s”.") % {"q": question.label})
            cleaned[question.code] = values[0]
        elif kind == CategoryQuestion.Datatype.MULTIVALUELIST:
            if not set(values) <= keys:
                raise AnswerInvalid(
                    question.code, _("Choose answers to “%(q)s” from the list.") % {"q": question.label}
                )
            cleaned[question.code] = sorted(set(values))
        else:
            limit = 200 if kind == CategoryQuestion.Datatype.STRING else 2000
            if len(values[0]) > limit:
                raise AnswerInvalid(question.code, _("The answer to “%(q)s” is too long.") % {"q": question.label})
            cleaned[question.code] = values[0]
    return cleaned


@transaction.atomic
def problem_report(
    *,
    author,
    organisation,
    title: str,
    description: str,
    category: Category | None = None,
    challenge=None,
    latitude=None,
    longitude=None,
    address: str = "",
    answers: dict | None = None,
    photos=(),
    source: str = Problem.Source.WEB,
    api_key=None,
) -> Problem:
    """Report a problem: city-wide to a public body by category, or in a challenge's exploration stage."""
    if api_key is None:
        require_perm(author, "problems.add_problem", challenge or organisation)
    if challenge is not None:
        organisation = challenge.organisation
    if category is not None and (category.organisation_id != organisation.pk or not category.is_active):
        raise CategoryNotOffered()
    if len(photos) > settings.COCREATE_PHOTOS_PER_PROBLEM:
        raise TooManyPhotos()
    latitude, longitude = clean_location(latitude, longitude)
    processed = [process_photo(upload) for upload in photos]  # before any row is written: nothing is half-saved
    problem = Problem(
        author=author,
        organisation=organisation,
        challenge=challenge,
        stage=challenge.stage_for(Feature.CREATE, Problem) if challenge else None,
        category=category,
        department=responsible_department(
            category.department if category else (challenge.department if challenge else None)
        ),
        title=title.strip(),
        description=description.strip(),
        latitude=latitude,
        longitude=longitude,
        address=address.strip(),
        answers=clean_answers(category, answers or {}),
        source=source,
        api_key=api_key,
    )
    problem.answer_due = answer_due_for(problem)
    problem.save()
    for image, thumbnail in processed:
        photo = Photo(problem=problem, uploaded_by=author)
        photo.image.save(image.name, image, save=False)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        photo.save()
    engagement.follow_without_check(user=author, target=problem)
    if challenge is not None:
        link_create(source=problem, target=challenge, kind="raised_in", actor=author)
    activity_record(actor=author, verb="problem.reported", target=problem, data={"source": source})
    officials = Membership.objects.filter(
        organisation=organisation, department=problem.department, role=Membership.Role.OFFICIAL
    ).values_list("user_id", flat=True)
    engagement.notify(recipients=officials, actor=author, verb="problem.reported", target=problem)
    return problem


@transaction.atomic
def problem_assign(*, actor, problem: Problem, assignee) -> Problem:
    require_perm(actor, "problems.triage_problem", problem)
    if (
        assignee is not None
        and not Membership.objects.filter(
            user=assignee, organisation=problem.organisation, role__in=[Membership.Role.OFFICIAL, Membership.Role.ADMIN]
        ).exists()
    ):
        raise NotInOrganisation()
    problem.assigned_to = assignee
    problem.save(update_fields=["assigned_to", "updated_at"])
    activity_record(
        actor=actor, verb="problem.assigned", target=problem, public=False, data={"to": getattr(assignee, "pk", None)}
    )
    if assignee is not None and assignee != actor:
        engagement.notify(recipients=[assignee.pk], actor=actor, verb="problem.assigned", target=problem)
    return problem


@transaction.atomic
def problem_mark_duplicate(*, actor, problem: Problem, original: Problem, answer: str) -> Problem:
    """Close ``problem`` as a duplicate: its supports, followers and photos move to ``original``."""
    require_perm(actor, "problems.triage_problem", problem)
    require_perm(actor, "problems.triage_problem", original)
    if original.pk == problem.pk or original.duplicate_of_id == problem.pk:
        raise DuplicateOfItself()
    engagement.status_change(actor=actor, target=problem, status=Problem.Status.DUPLICATE, answer=answer)
    Problem.objects.filter(pk=problem.pk).update(duplicate_of=original)
    Problem.objects.filter(duplicate_of=problem).update(duplicate_of=original)
    problem_type = ContentType.objects.get_for_model(Problem)
    source = {"target_type": problem_type, "target_id": problem.pk}
    moved = {}
    for model, field in ((Support, "support_count"), (Follow, "follower_count")):
        already = set(
            model.objects.filter(target_type=problem_type, target_id=original.pk).values_list("user_id", flat=True)
        )
        movable = model.objects.filter(**source).exclude(user_id__in=already | {original.author_id})
        moved[field] = movable.update(target_id=original.pk)
        model.objects.filter(**source).delete()
        Problem.objects.filter(pk=problem.pk).update(**{field: 0})
        Problem.objects.filter(pk=original.pk).update(**{field: F(field) + moved[field]})
    Photo.objects.filter(problem=problem).update(problem=original)
    link_create(source=problem, target=original, kind="duplicate_of", actor=actor)
    activity_record(actor=actor, verb="problem.merged", target=original, data={"duplicate": problem.pk, **moved})
    problem.refresh_from_db()
    return problem


@transaction.atomic
def problems_frame_challenge(
    *, actor, problems: list[Problem], department, template: str, title: str = "", starts_at=None
):
    """Create a draft challenge from one or more problems, pre-filled from them and linked in the lineage."""
    if not problems:
        raise ValueError("At least one problem is needed.")
    organisation = problems[0].organisation
    for problem in problems:
        require_perm(actor, "problems.triage_problem", problem)
    supporters = sum(p.support_count for p in problems)
    created = challenge_create(
        actor=actor,
        organisation=organisation,
        department=department,
        title=title or problems[0].title,
        summary=problems[0].description[:280],
        problem_statement="\n\n".join(f"{p.title}\n{p.description}" for p in problems),
        evidence=_("%(reports)d reports, confirmed by %(supporters)d other residents. Reports: %(titles)s.")
        % {"reports": len(problems), "supporters": supporters, "titles": "; ".join(p.title for p in problems)},
        template=template,
        starts_at=starts_at,
    )
    for problem in problems:
        link_create(source=problem, target=created.challenge, kind="framed_as", actor=actor)
    return created


@transaction.atomic
def problem_confirm_fixed(*, user, problem: Problem, fixed: bool, comment: str = "") -> Problem:
    """The reporter answers "was it fixed?", asked once the problem is done. A "no" reopens the problem."""
    require_perm(user, "problems.confirm_fixed", problem)
    if problem.status != Problem.Status.DONE:
        raise NotDone()
    activity_record(actor=user, verb="problem.fixed_confirmed" if fixed else "problem.not_fixed", target=problem)
    if not fixed and problem.status == Problem.Status.DONE:
        answer = _("The reporter says it is not fixed.") + (f" {comment.strip()}" if comment.strip() else "")
        engagement.status_change(
            actor=user, target=problem, status=Problem.Status.IN_PROGRESS, answer=answer, check_permission=False
        )
        problem.refresh_from_db()
    return problem


# A phone number is matched by its digits, and must have enough of them not to match numbers by chance.
PHONE_MIN_DIGITS = 6


def digits_of(value) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())


def reports_with_contact(problems, *, emails=(), phone: str = "") -> set[int]:
    """The ids of ``problems`` whose reporter's contact has one of ``emails`` (in any case) or the phone number
    ``phone`` (its digits, however it was written)."""
    condition = Q()
    for email in {e.strip() for e in emails if e.strip()}:
        condition |= Q(reporter_contact__email__iexact=email)
    ids = set(problems.filter(condition).values_list("pk", flat=True)) if condition else set()
    digits = digits_of(phone)
    if len(digits) >= PHONE_MIN_DIGITS:
        with_phone = problems.filter(reporter_contact__has_key="phone").values_list("pk", "reporter_contact")
        ids.update(pk for pk, contact in with_phone.iterator() if digits_of(contact.get("phone", "")) == digits)
    return ids


def reporter_contacts_blank(ids) -> int:
    return Problem.objects.filter(pk__in=ids).exclude(reporter_contact={}).update(reporter_contact={})


ERASURE_COVERS = ("problems.Problem.author", "problems.Problem.assigned_to")


def problems_forget_person(user, *, emails) -> None:
    """Erasure of an account: the contact passed on with reports made in the person's name or carrying one of their
    addresses is blanked, and no problem stays assigned to them (they are no longer an official)."""
    authored = set(Problem.objects.filter(author=user).exclude(reporter_contact={}).values_list("pk", flat=True))
    from_applications = Problem.objects.filter(source=Problem.Source.OPEN311)
    reporter_contacts_blank(authored | reports_with_contact(from_applications, emails=emails))
    Problem.objects.filter(assigned_to=user).update(assigned_to=None)
