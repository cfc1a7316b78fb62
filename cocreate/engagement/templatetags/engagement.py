import functools
import hashlib

from django import template
from django.template.loader import get_template
from django.utils.http import urlencode
from django.utils.text import capfirst

from cocreate.core.pagecache import cached_fragment
from cocreate.engagement.queries import comments_in, comments_page_number

register = template.Library()

# The templates a comment thread is rendered from: a change to any of them changes every cache key.
THREAD_TEMPLATES = ("engagement/includes/comment.html",)


@register.filter
def app_label(obj) -> str:
    return obj._meta.app_label


@register.filter
def model_name(obj) -> str:
    return obj._meta.model_name


@register.filter
def contribution_kind(obj) -> str:
    """What kind of contribution this is: “Problem”, “Idea”…"""
    return capfirst(obj._meta.verbose_name)


@register.filter
def status_label(status: str, target) -> str:
    """A status value named as the target's own workflow names it."""
    return type(target).workflow.label(status)


@functools.cache
def _thread_templates_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in THREAD_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def _threads_digest(nodes) -> str:
    """Everything the threads show, and their shape, as one hash."""
    digest = hashlib.sha256()

    def add(nodes):
        digest.update(b"(")
        for node in nodes:
            comment = node.comment
            for value in (comment.pk, comment.author_id, comment.author.public_name, comment.created_at.isoformat()):
                digest.update(str(value).encode())
                digest.update(b"\x1f")
            digest.update(comment.body.encode())
            digest.update(b"\x1e")
            add(node.replies)
        digest.update(b")")

    add(nodes)
    return digest.hexdigest()


class CachedThreadsNode(template.Node):
    def __init__(self, target, nodes, nodelist):
        self.target, self.nodes, self.nodelist = target, nodes, nodelist

    def render(self, context):
        target = self.target.resolve(context)
        nodes = self.nodes.resolve(context)
        request, user = context.get("request"), context.get("user")
        if request is None or user is None or not nodes:
            return self.nodelist.render(context)
        # What differs between viewers: whether they may reply and flag, and which comments are their own (they
        # may not flag those). Most viewers have none on the page, so they share one rendering.
        own = [c.pk for c in comments_in(nodes) if c.author_id == user.pk] if user.is_authenticated else []
        others = next((c for c in comments_in(nodes) if c.author_id != user.pk), None)
        if others is not None and others.target_id == target.pk:
            others.target = target  # the page's own contribution, already loaded
        may_flag_others = bool(others and user.is_authenticated and user.has_perm("moderation.flag", others))
        back = _back_to_threads(request)
        key_parts = (
            _thread_templates_fingerprint(),
            target._meta.label,
            target.pk,
            back,
            bool(context.get("can_comment")),
            may_flag_others,
            own,
            _threads_digest(nodes),
        )
        with context.push(back=back):
            return cached_fragment(
                "comment-threads",
                key_parts,
                lambda: self.nodelist.render(context),
                csrf_token=str(context.get("csrf_token") or ""),
            )


def _back_to_threads(request) -> str:
    """Where the reply and report forms go back to: this page, at the same page of comments. Anything else in the
    address (a campaign's tracking parameters, say) is left out, so that it does not split the cache."""
    page = comments_page_number(request.GET.get("comments"))
    return request.path + (f"?{urlencode({'comments': page})}" if page > 1 else "")


@register.tag
def cached_threads(parser, token):
    """``{% cached_threads target nodes %}…{% endcached_threads %}``: comment threads, rendered once for every
    viewer who would see the same thing (see ``cocreate.core.pagecache.cached_fragment``)."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("cached_threads takes a contribution and its comment nodes")
    nodelist = parser.parse(("endcached_threads",))
    parser.delete_first_token()
    return CachedThreadsNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
