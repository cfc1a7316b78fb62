"""Moderation in the browser: reporting ideas and comments (with and without JavaScript), replying in place, a
moderator's decision with its public reason, comments hidden by reports from several people, suspensions."""

from urllib.parse import parse_qs, urlsplit

import pytest

from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Comment, Notification
from cocreate.ideas.models import Idea
from cocreate.ideas.tests.conftest import collection, make_idea  # noqa: F401
from cocreate.moderation.actions import flag_add
from cocreate.moderation.models import Case, Flag, ModerationDecision, Suspension

REASON_FIELD = "Why should the moderators look at this?"
THANKS = "Thank you. The moderators will look at it."


@pytest.fixture
def author(make_user):
    return make_user(display_name="Alex Author")


@pytest.fixture
def commenter(make_user):
    return make_user(display_name="Bea Commenter")


@pytest.fixture
def idea(make_idea, author):
    return make_idea(title="Protected bike lanes on Station Road", author=author)


@pytest.fixture
def comment(idea, commenter):
    return engagement.comment_add(author=commenter, target=idea, body="Buy my bikes at bikes-cheap.example!")


def _mark_document(page):
    """Tag the current document, to tell later whether the browser loaded a new page since."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def _wait_for_focus(page, element_id: str):
    """htmx moves the focus to a swapped-in ``autofocus`` field once the new content has settled."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=element_id)


def _comment_actions(page, comment):
    return page.locator(f"#comment-{comment.pk} > .comment__actions")


def _message(page) -> str:
    return page.locator(".messages").inner_text().strip()


# --- 1. Reporting and replying with JavaScript --------------------------------------------------------------------


def test_a_citizen_reports_an_idea_and_a_comment_and_replies_in_place(
    page, citizen, idea, comment, sign_in, axe_check, screenshot
):
    sign_in(page, citizen)
    page.goto(f"/ideas/{idea.pk}/")
    assert page.get_by_role("heading", name="Protected bike lanes on Station Road", level=1).is_visible()
    # Comments offer links, not forms: the forms come on demand.
    actions = _comment_actions(page, comment)
    assert actions.get_by_role("link", name="Reply").is_visible()
    assert actions.get_by_role("link", name="Report this").is_visible()
    assert page.locator(f"#comment-{comment.pk} form").count() == 0
    axe_check(page)

    # The idea: "Report this" opens a <details> with the form.
    report = page.locator("details.flag")
    assert report.get_attribute("open") is None
    report.locator("summary", has_text="Report this").click()
    assert report.evaluate("details => details.open")
    assert report.get_by_label(REASON_FIELD).is_visible()
    axe_check(page)
    report.get_by_label(REASON_FIELD).select_option(label="Off topic")
    report.get_by_label("Details").fill("This is about cars, not bicycles.")
    report.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_url(f"**/ideas/{idea.pk}/")
    assert _message(page) == THANKS
    flag = Flag.objects.get(case__target_id=idea.pk, case__target_type__model="idea")
    assert (flag.user, flag.reason, flag.text) == (citizen, "off_topic", "This is about cars, not bicycles.")
    assert Case.objects.get(pk=flag.case_id).flag_count == 1

    # The comment: "Report this" loads the form under the comment, in place, with the reason chosen first.
    _mark_document(page)
    _comment_actions(page, comment).get_by_role("link", name="Report this").click()
    slot = page.locator(f"#comment-{comment.pk}-form")
    reason = slot.get_by_label(REASON_FIELD)
    reason.wait_for()
    assert _same_document(page), "the flag form should load in place, without a new page"
    _wait_for_focus(page, f"flag-engagement-comment-{comment.pk}-reason")
    axe_check(page)
    screenshot(page, "moderation-flag-comment")
    reason.select_option(label="Spam or advertising")
    slot.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_url(f"**/ideas/{idea.pk}/")
    assert _message(page) == THANKS
    flag = Flag.objects.get(case__target_id=comment.pk, case__target_type__model="comment")
    assert (flag.user, flag.reason) == (citizen, "spam")

    # Replying: the form loads in place too, and the reply shows nested under the comment.
    _mark_document(page)
    _comment_actions(page, comment).get_by_role("link", name="Reply").click()
    answer = page.locator(f"#comment-{comment.pk}-form").get_by_label("Your reply to Bea Commenter")
    answer.wait_for()
    assert _same_document(page), "the reply form should load in place, without a new page"
    _wait_for_focus(page, f"reply-{comment.pk}")
    axe_check(page)
    answer.press_sequentially("Please keep adverts off this page.", delay=5)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**/ideas/{idea.pk}/#comment-{comment.pk}")
    assert _message(page) == "Your comment was posted."
    reply = Comment.objects.get(parent=comment)
    assert (reply.author, reply.body) == (citizen, "Please keep adverts off this page.")
    nested = page.locator(f"#comment-{comment.pk} > ul.comments > #comment-{reply.pk}")
    assert nested.locator(".comment__body").inner_text().strip() == "Please keep adverts off this page."
    assert "Cleo Citizen" in nested.locator(".comment__meta").inner_text()
    # Nobody may report their own reply.
    assert nested.get_by_role("link", name="Report this").count() == 0
    axe_check(page)
    screenshot(page, "moderation-reply-posted")


# --- 2. Reporting a comment without JavaScript ----------------------------------------------------------------------


def test_a_comment_is_reported_on_a_page_of_its_own_without_javascript(
    no_js_page, citizen, idea, comment, sign_in, axe_check_no_js
):
    page, axe_check = no_js_page, axe_check_no_js
    sign_in(page, citizen)
    page.goto(f"/ideas/{idea.pk}/")
    axe_check(page)

    _comment_actions(page, comment).get_by_role("link", name="Report this").click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/moderation/flag/engagement/comment/{comment.pk}/")
    assert parse_qs(urlsplit(page.url).query) == {"next": [f"/ideas/{idea.pk}/"]}
    assert page.get_by_role("heading", name="Report this to the moderators", level=1).is_visible()
    assert "Buy my bikes at bikes-cheap.example!" in page.locator("blockquote").inner_text()
    assert page.get_by_role("link", name="Back to “Protected bike lanes on Station Road”").get_attribute("href") == (
        f"/ideas/{idea.pk}/"
    )
    axe_check(page)
    page.get_by_label(REASON_FIELD).select_option(label="Spam or advertising")
    page.get_by_label("Details").fill("An advert for a shop.")
    page.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_url(f"**/ideas/{idea.pk}/")
    assert _message(page) == THANKS
    flag = Flag.objects.get()
    assert (flag.user, flag.reason, flag.text, flag.case.target) == (citizen, "spam", "An advert for a shop.", comment)
    axe_check(page)


# --- 3. A moderator hides an idea; reports from three people hide a comment -----------------------------------------


def test_a_moderator_hides_a_reported_idea_and_a_visitor_and_the_author_see_the_reason(
    page, new_page, moderator, author, citizen, idea, with_second_factor, sign_in, axe_check, screenshot
):
    flag_add(user=citizen, item=idea, reason="abusive", text="It insults the neighbours.")
    # A visitor reads the idea while it waits for review.
    visitor = new_page()
    visitor.goto(f"/ideas/{idea.pk}/")
    assert visitor.get_by_role("heading", name="Protected bike lanes on Station Road", level=1).is_visible()
    assert visitor.get_by_text("Separated lanes with kerbs.").is_visible()

    with_second_factor(moderator)
    sign_in(page, moderator)
    page.goto("/manage/moderation/")
    assert page.get_by_role("heading", name="Moderation", level=1).is_visible()
    city_section = page.locator("section", has=page.get_by_role("heading", name="City of Testbridge"))
    assert "1 waiting" in city_section.locator("li", has_text="Safer cycling to school").inner_text()
    axe_check(page)
    city_section.get_by_role("link", name="Safer cycling to school").click()
    page.wait_for_url("**/manage/moderation/challenges/*/")
    assert page.get_by_role("heading", name="Moderation: Safer cycling to school", level=1).is_visible()
    case = page.locator(".problem-list > li", has=page.get_by_role("link", name="Protected bike lanes on Station Road"))
    assert "Abusive, hateful or threatening: “It insults the neighbours.”" in case.inner_text()
    assert "by Alex Author" in case.inner_text()
    axe_check(page)
    screenshot(page, "moderation-queue")

    case.get_by_role("link", name="Protected bike lanes on Station Road").click()
    page.wait_for_url("**/manage/moderation/cases/*/")
    assert page.get_by_role("heading", name="Reported idea", level=1).is_visible()
    assert page.locator(".badge", has_text="Visible").is_visible()
    assert page.get_by_text("Separated lanes with kerbs.").is_visible()
    axe_check(page)
    screenshot(page, "moderation-case")

    # Hiding needs a public reason.
    decide = page.locator("aside")
    decide.get_by_role("group", name="Decision").get_by_label("Hide").check()
    decide.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("load")
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_text("Give the public reason for hiding this.").first.is_visible()
    assert not Idea.objects.get(pk=idea.pk).is_hidden
    axe_check(page)

    decide.get_by_label("Public reason").fill("It insults people who live on Station Road.")
    decide.get_by_label("Internal note").fill("Second insult from this account this month.")
    decide.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/manage/moderation/challenges/*/")
    assert _message(page) == "The decision was recorded and the author was told."
    assert page.get_by_text("Nothing waits for review.").is_visible()
    decision = ModerationDecision.objects.get()
    assert (decision.moderator, decision.action) == (moderator, "hide")
    assert Idea.objects.get(pk=idea.pk).is_hidden

    # The visitor now reads the public reason in place of the idea.
    visitor.reload()
    assert visitor.get_by_role("heading", name=f"Idea {idea.pk}", level=1).is_visible()
    notice = visitor.locator(".moderation-notice")
    assert notice.inner_text().strip() == "Hidden by moderation: It insults people who live on Station Road."
    assert "Protected bike lanes" not in visitor.locator("main").inner_text()
    assert "Separated lanes with kerbs." not in visitor.content()
    axe_check(visitor)
    screenshot(visitor, "moderation-hidden-idea")

    # The author is told, with the reason.
    own = new_page()
    sign_in(own, author)
    own.goto("/notifications/")
    item = own.locator("main .problem-list li").filter(has_text="Protected bike lanes on Station Road")
    assert item.count() == 1
    assert "Mo Moderator hid this after moderation" in item.inner_text()
    assert "It insults people who live on Station Road." in item.inner_text()
    assert "Second insult" not in own.content()
    axe_check(own)


def test_a_third_report_hides_a_comment_until_a_moderator_looks_at_it(
    page, new_page, make_user, moderator, commenter, citizen, idea, comment, with_second_factor, sign_in, axe_check
):
    for _ in range(2):
        flag_add(user=make_user(), item=comment, reason="spam")
    assert Case.objects.get().flag_count == 2
    sign_in(page, citizen)
    page.goto(f"/ideas/{idea.pk}/")
    assert page.get_by_text("Buy my bikes at bikes-cheap.example!").is_visible()

    _comment_actions(page, comment).get_by_role("link", name="Report this").click()
    slot = page.locator(f"#comment-{comment.pk}-form")
    slot.get_by_label(REASON_FIELD).select_option(label="Spam or advertising")
    slot.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_url(f"**/ideas/{idea.pk}/")
    assert _message(page) == THANKS
    assert Comment.objects.get(pk=comment.pk).is_hidden
    assert page.locator(f"#comment-{comment.pk}").count() == 0
    assert page.get_by_role("heading", name="0 comments", level=2).is_visible()
    assert "bikes-cheap.example" not in page.content()
    axe_check(page)

    # The moderator finds it hidden pending review.
    moderating = new_page()
    with_second_factor(moderator)
    sign_in(moderating, moderator)
    moderating.goto(f"/manage/moderation/challenges/{idea.challenge.slug}/")
    case = moderating.locator(".problem-list > li", has_text="Buy my bikes")
    assert "hidden automatically, pending review" in case.inner_text()
    assert case.locator("ul li").count() == 3
    case.get_by_role("link").first.click()
    moderating.wait_for_url("**/manage/moderation/cases/*/")
    assert moderating.get_by_role("heading", name="Reported comment", level=1).is_visible()
    assert moderating.get_by_text("Hidden automatically, pending review.").is_visible()
    axe_check(moderating)

    # Its author is told that it waits for review.
    notification = Notification.objects.get(recipient=commenter, verb="moderation.comment_auto_hidden")
    assert notification.target_url == f"/ideas/{idea.pk}/"


# --- 4. Suspension ------------------------------------------------------------------------------------------------


def test_a_moderator_suspends_the_author_who_can_then_no_longer_comment(
    page, new_page, make_idea, moderator, author, citizen, idea, with_second_factor, sign_in, axe_check
):
    flag_add(user=citizen, item=idea, reason="abusive")
    other = make_idea(title="A footbridge over the canal", author=citizen)
    engagement.comment_add(author=citizen, target=other, body="Who would maintain it?")
    with_second_factor(moderator)
    sign_in(page, moderator)

    page.goto(f"/manage/moderation/cases/{Case.objects.get().pk}/")
    page.get_by_role("link", name="Suspend Alex Author").click()
    page.wait_for_url(f"**/manage/moderation/organisations/city-of-testbridge/suspend/{author.pk}/")
    assert page.get_by_role("heading", name="Suspend Alex Author", level=1).is_visible()
    assert page.get_by_label("For how many days").input_value() == "7"
    axe_check(page)
    page.get_by_label("Reason").fill("Repeated insults against neighbours.")
    page.get_by_label("For how many days").fill("3")
    page.get_by_role("button", name="Suspend").click()
    page.wait_for_url("**/manage/moderation/organisations/city-of-testbridge/suspensions/")
    assert _message(page) == "The account was suspended and the person was told."
    now = page.locator("ul.problem-list").first
    assert "Alex Author" in now.inner_text()
    assert "Repeated insults against neighbours." in now.inner_text()
    axe_check(page)
    suspension = Suspension.objects.get()
    assert (suspension.user, suspension.created_by) == (author, moderator)
    assert (suspension.ends_at - suspension.starts_at).days == 3

    # The suspended author can read an idea but neither comment, reply, report nor support.
    suspended = new_page()
    sign_in(suspended, author)
    suspended.goto(f"/ideas/{other.pk}/")
    assert suspended.get_by_role("heading", name="A footbridge over the canal", level=1).is_visible()
    assert suspended.get_by_text("Who would maintain it?").is_visible()
    assert suspended.get_by_label("Your comment").count() == 0
    assert suspended.get_by_role("button", name="Post comment").count() == 0
    assert suspended.get_by_role("link", name="Reply").count() == 0
    assert suspended.get_by_role("link", name="Report this").count() == 0
    assert suspended.locator("details.flag").count() == 0
    assert suspended.get_by_role("button", name="Support (0)").count() == 0
    assert suspended.get_by_text("0 supporters").is_visible()
    assert suspended.get_by_role("link", name="Sign in to comment").count() == 0
    axe_check(suspended)

    # The notification leads to the reason and the end of the suspension.
    suspended.goto("/notifications/")
    item = suspended.locator("main .problem-list li").filter(has_text="suspended the account")
    assert "Mo Moderator suspended the account" in item.inner_text()
    item.get_by_role("link").click()
    suspended.wait_for_url("**/moderation/suspended/")
    assert suspended.get_by_role("heading", name="Your account is suspended", level=1).is_visible()
    assert suspended.get_by_text("Repeated insults against neighbours.").is_visible()
    assert suspended.get_by_text("Suspended by the moderators of City of Testbridge until").is_visible()
    axe_check(suspended)
