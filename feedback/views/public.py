"""The citizen's pages (no account): send feedback, get the tracking code, follow the case, judge the answer, add
information when asked. Each POST counts against a limit per address; a look-up by code too, against guessing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from batxat_portal.clientip import client_ip
from batxat_portal.forms import add_service_errors
from batxat_portal.public_forms import ALL_METHODS, over_limit
from feedback.forms.public import FeedbackSendForm, InfoForm, RateForm, TrackForm, unit_option_label
from feedback.selectors import public as selectors
from feedback.services import public as services

SENT_KEY = "feedback_sent"
# The case the citizen last looked up: its id in a signed cookie (not the session: a look-up by an old link is a GET,
# and a GET writes nothing to the database), read only by the case page, for as long as a session lasts.
TRACKED_COOKIE = "feedback_tracked"
TRACKED_SALT = "feedback.public.tracked"
TOO_MANY = 429


def _limited(request, group: str, rate: str) -> bool:
    """Counts this request, whatever its method, against the address's limit for `group`."""
    return over_limit(request, group=group, rate=rate, method=ALL_METHODS)


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_send(request):
    if request.method != "POST":
        return render(request, "feedback/public_send.html", {"form": FeedbackSendForm()})
    form = FeedbackSendForm(request.POST, request.FILES)
    if over_limit(request, group="feedback"):
        # Shown again as typed (not checked: checking would spend the database on an abuser), with nothing lost.
        return render(request, "feedback/public_send.html",
                      {"form": FeedbackSendForm(initial=form.typed()), "limited": True}, status=TOO_MANY)
    if form.is_valid():
        try:
            feedback, created = services.feedback_submit(sender_address=client_ip(request), **form.submission())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SENT_KEY] = {"code": feedback.tracking_code, "duplicate": not created}
            return _remember_case(redirect("feedback:public_sent"), feedback.pk)  # the sent page links to it
    files_refused = bool(request.FILES)
    return render(request, "feedback/public_send.html", {"form": form, "files_to_choose_again": files_refused})


@login_not_required
@require_GET
def feedback_sent(request):
    """The tracking code, big and easy to copy; kept in the session so reloading the page shows it again."""
    sent = request.session.get(SENT_KEY)
    if not sent:
        return redirect("feedback:public_send")
    return render(request, "feedback/public_sent.html", {
        "code": sent["code"], "duplicate": sent["duplicate"], "track_url": reverse("feedback:public_track_case")})


def _track_page(request, *, feedback=None, form=None, rate_form=None, info_form=None, not_found=False,
                limited=False, status=200):
    if feedback is not None:
        if rate_form is None and selectors.can_rate(feedback):
            rate_form = RateForm(initial={"code": feedback.tracking_code})
        if info_form is None and selectors.can_add_info(feedback):
            info_form = InfoForm(initial={"code": feedback.tracking_code})
    return render(request, "feedback/public_track.html", {
        "form": form or TrackForm(),
        "feedback": feedback, "not_found": not_found, "limited": limited, "today": timezone.localdate(),
        "rate_form": rate_form if feedback is not None and selectors.can_rate(feedback) else None,
        "info_form": info_form if feedback is not None and selectors.can_add_info(feedback) else None,
    }, status=status)


def _remember_case(response, feedback_id: int):
    response.set_signed_cookie(
        TRACKED_COOKIE, str(feedback_id), salt=TRACKED_SALT, max_age=settings.SESSION_COOKIE_AGE,
        path=reverse("feedback:public_track_case"), secure=settings.SESSION_COOKIE_SECURE, httponly=True,
        samesite="Lax")
    return response


def _show_case(request, feedback_id: int):
    """The case found is remembered and shown at a URL without its code (not in an address bar, history or log)."""
    return _remember_case(redirect("feedback:public_track_case"), feedback_id)


def _remembered_case_id(request) -> int | None:
    value = request.get_signed_cookie(TRACKED_COOKIE, default=None, salt=TRACKED_SALT,
                                      max_age=settings.SESSION_COOKIE_AGE)
    return int(value) if value and value.isdigit() else None


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_track(request):
    """Look up a case by its tracking code, sent by POST so that the code stays out of the address bar, the
    browser's history and the server's logs. An older link with `?code=` (a printed receipt, a mail) is looked up
    the same way and sent on to the code-free page. Every look-up counts against the address's limit."""
    if request.method == "GET" and "code" not in request.GET:
        return _track_page(request)
    form = TrackForm(request.POST if request.method == "POST" else request.GET)
    if _limited(request, "track", settings.FEEDBACK_TRACK_RATE):
        return _track_page(request, form=form if request.method == "POST" else None, limited=True,
                           status=TOO_MANY)
    feedback_id = selectors.feedback_id_for_tracking(code=form.data.get("code")) if form.is_valid() else None
    if feedback_id is not None:
        return _show_case(request, feedback_id)
    if request.method == "GET":  # an old link with a wrong code: said on the page without it
        messages.warning(request, _("No feedback has this code. Check the code and try again."))
        return redirect("feedback:public_track")
    return _track_page(request, form=form, not_found=form.is_valid())


@login_not_required
@require_GET
def feedback_track_case(request):
    """The case the citizen looked up (its id in a signed cookie): status, dates, public steps and the answer, never
    personal data. Without a look-up, the look-up form."""
    feedback_id = _remembered_case_id(request)
    feedback = selectors.feedback_for_tracking(pk=feedback_id) if feedback_id else None
    if feedback is None:
        return redirect("feedback:public_track")
    return _track_page(request, feedback=feedback)


def _follow_up(request, form_class, act, done: str):
    """The two forms of the tracking page: refused over the limit, a wrong code is "not found" as on look-up."""
    if over_limit(request, group="feedback-follow"):
        return _track_page(request, limited=True, status=TOO_MANY)
    form = form_class(request.POST, request.FILES)
    feedback = selectors.feedback_for_tracking(code=request.POST.get("code"))
    if feedback is None:
        return _track_page(request, not_found=True, status=404)
    if form.is_valid():
        try:
            act(feedback, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _show_case(request, feedback.pk)
    key = "rate_form" if form_class is RateForm else "info_form"
    return _track_page(request, feedback=feedback, **{key: form})


@login_not_required
@require_POST
def feedback_rate(request):
    return _follow_up(request, RateForm,
                      lambda feedback, data: services.feedback_rate(feedback=feedback, satisfied=data["satisfied"]),
                      _("Thank you: your judgement of the answer is recorded."))


@login_not_required
@require_POST
def feedback_add_info(request):
    return _follow_up(request, InfoForm,
                      lambda feedback, data: services.feedback_info_add(feedback=feedback, text=data["text"],
                                                                        attachments=data["attachments"]),
                      _("Thank you: your information was sent to the handlers."))


# --------------------------------------------------------------------------- search-as-you-type (htmx)


def _search_results(request, find):
    field = request.GET.get("field", "")
    if field not in ("unit", "officer"):
        return HttpResponseBadRequest()
    if _limited(request, "feedback-search", settings.FEEDBACK_SEARCH_RATE):
        return render(request, "feedback/public_search_results.html", {"limited": True}, status=TOO_MANY)
    term = (request.GET.get(f"{field}_text") or request.GET.get("q") or "").strip()[:100]
    results, hint = find(term) if len(term) >= 2 else ([], "")
    return render(request, "feedback/public_search_results.html", {
        "field": field, "results": results[:selectors.SEARCH_LIMIT], "has_more": len(results) > selectors.SEARCH_LIMIT,
        "term": term, "hint": hint})


@login_not_required
@require_GET
def unit_search(request):
    """htmx: units valid today (and former ones, marked) whose name holds the words typed."""
    def find(term):
        units = selectors.unit_search(term, today=timezone.localdate(), limit=selectors.SEARCH_LIMIT + 1)
        return [(unit.pk, unit_option_label(unit)) for unit in units], ""

    return _search_results(request, find)


@login_not_required
@require_GET
def officer_search(request):
    """htmx: working officers of the chosen unit whose name holds the words typed."""
    def find(term):
        today = timezone.localdate()
        unit = selectors.unit_get(request.GET.get("unit"), today=today) if request.GET.get("unit") else None
        if unit is None and request.GET.get("unit_text"):
            found = selectors.unit_search(request.GET["unit_text"], today=today, limit=2)
            unit = found[0] if len(found) == 1 else None
        if unit is not None and not unit.is_current:
            successors = selectors.current_successors(unit, today=today)
            unit = successors[0] if len(successors) == 1 else None
        if unit is None:
            return [], _("Choose the unit first.")
        return [(row.pk, selectors.officer_label(row))
                for row in selectors.officer_search(term, unit=unit, limit=selectors.SEARCH_LIMIT + 1)], ""

    return _search_results(request, find)
