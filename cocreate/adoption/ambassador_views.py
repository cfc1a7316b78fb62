"""Ambassador pages: the share link (the campaign page whose report form carries the link's code; nothing is kept
about a visitor who does not report), one's own ambassadorship with its link, QR codes, share texts and counts,
becoming an ambassador and stopping, and the officials' list."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.errors import NotFound
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.permissions import require_perm

from . import ambassador_queries, ambassadors, queries
from .forms import AmbassadorForm, ReportForm
from .models import STEPS, Step
from .views import _context, _initial

QR_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


@require_GET
def share(request, pk: int, code: str):
    """The campaign page reached by an ambassador's link. The code travels in the report form's hidden field only:
    no cookie, no session, nothing stored until the visitor reports. An unknown or stopped code shows the same page
    without attribution."""
    campaign = queries.campaign_for_page(pk, request.user)
    ambassador = ambassador_queries.ambassador_for_code(campaign, code, request.user)
    form = None
    if ambassador is not None and request.user.has_perm("adoption.add_adoptionreport", campaign):
        form = ReportForm(campaign=campaign, initial=_initial(campaign, request.user) | {"ambassador": ambassador.code})
    response = render(request, "adoption/campaign.html", _context(request, campaign, form))
    response["X-Robots-Tag"] = "noindex"  # the campaign's own page is the one to find
    return response


def _own(request, campaign):
    ambassador = ambassador_queries.own_ambassador(campaign, request.user)
    if ambassador is None or not ambassador.is_active:
        raise NotFound(_("You are not an ambassador of this campaign."))
    require_perm(request.user, "adoption.change_ambassador", ambassador)
    return ambassador


def _counts(ambassador) -> list[tuple[str, int, int]]:
    """(step label, people at that step now, people who came that far or further)."""
    counts = ambassador.counts
    return [
        (str(Step(step).label), counts[step], sum(counts[s] for s in STEPS[index:])) for index, step in enumerate(STEPS)
    ]


def _mine_context(request, campaign, form=None) -> dict:
    ambassador = ambassador_queries.own_ambassador(campaign, request.user)
    active = ambassador if ambassador is not None and ambassador.is_active else None
    may_join = active is None and ambassador_queries.may_become_ambassador(request.user, campaign)
    if form is None and may_join:
        form = AmbassadorForm(organisations=ambassador_queries.eligible_organisations(request.user, campaign))
    context = {"campaign": campaign, "challenge": campaign.challenge, "ambassador": active, "form": form}
    context["may_join"] = may_join
    context["stopped"] = ambassador if active is None else None
    if active is not None:
        context |= {
            "link": ambassador_queries.share_link(active),
            "qr": ambassador_queries.qr_urls(active),
            "share_texts": ambassador_queries.share_texts(active),
            "counts": _counts(active),
        }
    return context


@login_required
@require_GET
def mine(request, pk: int):
    """One's ambassadorship: the link, its QR codes, the share texts and the counts; or the form to become one."""
    campaign = queries.campaign_for_page(pk, request.user)
    return render(request, "adoption/ambassador_mine.html", _mine_context(request, campaign))


@login_required
@require_POST
def start(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.add_ambassador", campaign)
    form = AmbassadorForm(request.POST, organisations=ambassador_queries.eligible_organisations(request.user, campaign))
    if form.is_valid():
        with refusals_shown_on(form):
            ambassadors.ambassador_start(
                actor=request.user, campaign=campaign, organisation=form.cleaned_data.get("organisation")
            )
            messages.success(request, _("You are an ambassador of this campaign. Share your link!"))
            return redirect("adoption:ambassador", pk=campaign.pk)
    return render_form(request, "adoption/ambassador_mine.html", _mine_context(request, campaign, form), form=form)


@login_required
@require_POST
def stop(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    ambassadors.ambassador_stop(actor=request.user, ambassador=_own(request, campaign))
    messages.success(request, _("You are no longer an ambassador of this campaign. Your link now only shows it."))
    return redirect("adoption:ambassador", pk=campaign.pk)


def _qr(data: str, fmt: str) -> bytes:
    """The QR code of ``data``: SVG drawn as one path, PNG by Pillow (a dependency of Cocreate already)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(data)
    code.make(fit=True)
    stream = io.BytesIO()
    if fmt == "svg":
        code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).save(stream)
    else:
        code.make_image().save(stream)
    return stream.getvalue()


@login_required
@require_http_methods(["GET", "HEAD"])
def qr(request, pk: int, fmt: str):
    """The QR code of one's own share link, as PNG or SVG, to print on a flyer or a poster."""
    if fmt not in QR_FORMATS:
        raise NotFound()
    campaign = queries.campaign_for_page(pk, request.user)
    ambassador = _own(request, campaign)
    response = HttpResponse(_qr(ambassador_queries.share_link(ambassador), fmt), content_type=QR_FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="ambassador-{campaign.pk}-{ambassador.code}.{fmt}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def ambassador_list(request, pk: int):
    """The officials' list: each ambassador, whom they act for, and how far the people their link brought came."""
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.view_ambassadors", campaign)
    rows = [(ambassador, _counts(ambassador)) for ambassador in ambassador_queries.ambassadors_of(campaign)]
    steps = [str(Step(step).label) for step in STEPS]
    context = {"campaign": campaign, "challenge": campaign.challenge, "rows": rows, "steps": steps}
    return render(request, "adoption/ambassador_list.html", context)
