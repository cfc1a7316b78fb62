"""Every write to ideas: submitting, editing, withdrawing."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cocreate.activity.actions import activity_record, link_create
from cocreate.core.images import process_photo
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement import actions as engagement
from cocreate.engagement.queries import answer_due_for

from .errors import AlreadyWithdrawn, IdeaNotEditable, TooManyTags
from .models import Idea, Tag

MAX_TAGS = 5


def _tags(challenge, names) -> list[Tag]:
    names = [n.strip()[:40] for n in names if n.strip()]
    if len(names) > MAX_TAGS:
        raise TooManyTags()
    tags = []
    for name in names:
        slug = slugify(name)[:50]
        if slug:
            tag, _ = Tag.objects.get_or_create(challenge=challenge, slug=slug, defaults={"name": name})
            tags.append(tag)
    return tags


@transaction.atomic
def idea_submit(
    *,
    author,
    challenge,
    title: str,
    description: str,
    tags=(),
    image=None,
    image_alt: str = "",
    origin: str | None = None,
) -> Idea:
    """Propose an idea in the challenge's active stage. Where the stage premoderates ideas (a wiki survey), the idea
    waits for a moderator; ``origin`` overrides that for ideas an organiser seeds. When the challenge promises to
    answer within some working days, the idea's answer is due then."""
    require_perm(author, "ideas.add_idea", challenge)
    stage = challenge.active_stage()
    if origin is None:
        premoderated = stage.stage_type is not None and stage.stage_type.premoderates(Idea)
        origin = Idea.Origin.WIKI_SURVEY if premoderated else Idea.Origin.COLLECTION
    processed = process_photo(image) if image else None  # before any row is written
    idea = Idea(
        author=author,
        challenge=challenge,
        stage=stage,
        organisation=challenge.organisation,
        title=title.strip(),
        description=description.strip(),
        image_alt=image_alt.strip(),
        origin=origin,
        awaiting_moderation=origin == Idea.Origin.WIKI_SURVEY,
    )
    idea.answer_due = answer_due_for(idea)
    idea.save()
    if processed is not None:
        idea.image.save(processed[0].name, processed[0], save=True)
    idea.tags.set(_tags(challenge, tags))
    engagement.follow_without_check(user=author, target=idea)
    link_create(source=idea, target=challenge, kind="proposed_in", actor=author)
    page_changed(idea, listed=True)
    activity_record(actor=author, verb="idea.submitted", target=idea, public=not idea.awaiting_moderation)
    return idea


@transaction.atomic
def idea_edit(*, actor, idea: Idea, title: str, description: str, tags=None, image_alt: str | None = None) -> Idea:
    """The author may edit until the first support or comment; moderators always (the idea is then marked edited)."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    is_author = actor.pk == idea.author_id
    if is_author and not idea.is_editable_by_author:
        raise IdeaNotEditable()
    require_perm(actor, "ideas.change_idea", idea)
    idea.title, idea.description = title.strip(), description.strip()
    if image_alt is not None:
        idea.image_alt = image_alt.strip()
    if not is_author:
        idea.edited_at = timezone.now()
        idea.edited_by_moderator = True
    idea.save()
    if tags is not None:
        idea.tags.set(_tags(idea.challenge, tags))
    page_changed(idea, listed=True)
    activity_record(actor=actor, verb="idea.edited", target=idea, public=not is_author)
    return idea


@transaction.atomic
def idea_withdraw(*, actor, idea: Idea) -> Idea:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.is_withdrawn:
        raise AlreadyWithdrawn()
    require_perm(actor, "ideas.withdraw_idea", idea)
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["withdrawn_at", "updated_at"])
    page_changed(idea, listed=True)
    activity_record(actor=actor, verb="idea.withdrawn", target=idea)
    engagement.notify(
        recipients=engagement.supporters(idea) | engagement.followers(idea),
        actor=actor,
        verb="idea.withdrawn",
        target=idea,
    )
    return idea
