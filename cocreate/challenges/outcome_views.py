"""Outcome indicators' pages: the public page with the chart and its table, and where officials record and import
measurements."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.core.errors import NotPermitted
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form

from . import outcomes, queries
from .errors import MeasurementsFileInvalid
from .forms import MeasurementForm, MeasurementImportForm
from .models import Challenge
from .outcome_charts import indicator_chart


def indicator_detail(request, slug: str, indicator_id: int):
    challenge = queries.challenge_for_page(slug, request.user)
    indicator = queries.indicator_for_page(challenge, indicator_id)
    measurements = queries.measurements_of(indicator)
    latest = max(measurements, key=lambda m: (m.measured_on, m.created_at, m.pk), default=None)
    return render(
        request,
        "challenges/indicator.html",
        {
            "challenge": challenge,
            "indicator": indicator,
            "measurements": measurements,
            "latest": latest,
            "latest_value": latest.value if latest else None,
            "finished": challenge.status() == Challenge.Status.FINISHED,
            "reached": indicator.reached_by(latest.value if latest else None),
            "description": chart_description(indicator, measurements, latest),
            "chart": indicator_chart(
                [(m.measured_on, m.value) for m in measurements], baseline=indicator.baseline, target=indicator.target
            ),
            "can_record": request.user.has_perm("challenges.record_measurement", challenge),
        },
    )


def chart_description(indicator, measurements, latest) -> str:
    """What the chart shows, in words: its accessible description and its caption."""

    def amount(value) -> str:
        shown = value.quantize(Decimal(1)) if value == value.to_integral() else value
        return f"{number_format(shown)} {indicator.unit}".strip()

    parts = []
    if measurements:
        parts.append(
            ngettext(
                "%(count)d measurement, on %(first)s.",
                "%(count)d measurements, from %(first)s to %(last)s.",
                len(measurements),
            )
            % {
                "count": len(measurements),
                "first": date_format(measurements[0].measured_on, "j F Y"),
                "last": date_format(measurements[-1].measured_on, "j F Y"),
            }
        )
        parts.append(
            _("The latest: %(value)s on %(day)s.")
            % {"value": amount(latest.value), "day": date_format(latest.measured_on, "j F Y")}
        )
    if indicator.baseline is not None:
        parts.append(_("Baseline: %(value)s.") % {"value": amount(indicator.baseline)})
    if indicator.target is not None:
        parts.append(_("Target: %(value)s.") % {"value": amount(indicator.target)})
        parts.append(_("Lower values are better.") if indicator.lower_is_better else _("Higher values are better."))
    return " ".join(parts)


def _recordable(request, slug: str, indicator_id: int):
    challenge = queries.challenge_for_page(slug, request.user)
    if not request.user.has_perm("challenges.record_measurement", challenge):
        raise NotPermitted()
    return challenge, queries.indicator_for_page(challenge, indicator_id)


def _page(request, challenge, indicator, *, form, import_form, bound):
    context = {"challenge": challenge, "indicator": indicator, "form": form, "import_form": import_form}
    return render_form(request, "challenges/manage/measurements.html", context, form=bound)


@login_required
@require_http_methods(["GET", "POST"])
def measurement_record(request, slug: str, indicator_id: int):
    challenge, indicator = _recordable(request, slug, indicator_id)
    form = MeasurementForm(request.POST or None, unit=indicator.unit)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            measurement = outcomes.indicator_measurement_record(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
            messages.success(
                request,
                _("The measurement of %(day)s was saved.") % {"day": measurement.measured_on.isoformat()},
            )
            return redirect("challenges:indicator", slug=challenge.slug, indicator_id=indicator.pk)
    return _page(request, challenge, indicator, form=form, import_form=MeasurementImportForm(), bound=form)


@login_required
@require_POST
def measurements_import(request, slug: str, indicator_id: int):
    challenge, indicator = _recordable(request, slug, indicator_id)
    import_form = MeasurementImportForm(request.POST, request.FILES)
    if import_form.is_valid():
        try:
            result = outcomes.indicator_measurements_import(
                actor=request.user, indicator=indicator, csv_file=import_form.cleaned_data["file"]
            )
        except MeasurementsFileInvalid as error:  # every wrong row beside the file field
            for message in [error.message, *error.errors]:
                import_form.add_error("file", str(message))
        else:
            messages.success(
                request,
                _("The file was imported: %(created)d new, %(replaced)d replaced, %(unchanged)d unchanged.")
                % {"created": result.created, "replaced": result.replaced, "unchanged": result.unchanged},
            )
            return redirect("challenges:indicator", slug=challenge.slug, indicator_id=indicator.pk)
    form = MeasurementForm(unit=indicator.unit)
    return _page(request, challenge, indicator, form=form, import_form=import_form, bound=import_form)
