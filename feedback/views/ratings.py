"""Officers' ratings: the citizen's page behind the short link and QR code, the kiosk at the desk, the links and
printable cards (HR, heads, handlers) and the officer's own summary.

Nothing here reads or keeps who rated: no address, no session key, no account goes into a rating.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView, TemplateView

from batxat_portal.forms import add_service_errors, row_id
from batxat_portal.links import portal_url
from batxat_portal.public_forms import over_limit
from batxat_portal.widgets import search_results
from feedback.forms.ratings import CardSizeForm, OfficerFilterForm, PublicRatingForm, RatingForm
from feedback.models import ServiceRating
from feedback.models import ratings as rating_labels
from feedback.selectors import ratings as selectors
from feedback.services import ratings as services
from staff.choices import Status
from staff.selectors import orgunit_list_for

KIOSK_RETURN_SECONDS = 5
# A browser that has just rated an officer (or answered a survey) is told so instead of counting twice.
RATED_COOKIE = "feedback_rated"
RECENT_COOKIE_SALT = "feedback.recent"
RECENT_SECONDS = 10 * 60


# --------------------------------------------------------------------------- shared helpers


def public_url(request, path: str) -> str:
    """An absolute address for a printed card: the portal's public address when set, else this request's host."""
    return portal_url(path, request)


def qr_svg(url: str, *, label: str) -> str:
    """The QR code of `url` as inline SVG, drawn on the server (pure Python, nothing fetched)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(url, image_factory=SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M,
                        box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    # Safe: the library draws the address as a path of squares (no text of it), and the label is escaped.
    return mark_safe(  # noqa: S308
        svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ', 1))


def short_url(request, code: str) -> str:
    return public_url(request, reverse("rating_short", kwargs={"code": code}))


def _card(request, link) -> dict:
    url = short_url(request, link.code)
    person = link.staff_member
    return {"link": link, "person": person, "url": url,
            "qr": qr_svg(url, label=_("QR code to rate %(name)s") % {"name": person.full_name})}


def _number(value) -> int:
    """A row id from the query string or a form; anything else finds nothing (a 404, not an error)."""
    return row_id(value) or 0


def _card_size(request) -> str:
    form = CardSizeForm(request.GET)
    return (form.cleaned_data["size"] if form.is_valid() else "") or "a6"


# --------------------------------------------------------------------------- citizens


def _not_found(request):
    return render(request, "feedback/rating_not_found.html", status=404)


def recent_codes(request, cookie: str) -> list[str]:
    """The codes (officers' links, surveys) this browser sent something to in the last few minutes."""
    try:
        value = request.get_signed_cookie(cookie, default="", salt=RECENT_COOKIE_SALT, max_age=RECENT_SECONDS)
    except signing.BadSignature:
        return []
    return [code for code in value.split(",") if code][:20]


def remember_code(response, request, cookie: str, code: str) -> None:
    """Kept on the citizen's device only (a signed cookie): the server stores nothing about who sent what."""
    codes = [code, *(known for known in recent_codes(request, cookie) if known != code)][:20]
    response.set_signed_cookie(cookie, ",".join(codes), salt=RECENT_COOKIE_SALT, max_age=RECENT_SECONDS,
                               httponly=True, samesite="Lax", secure=request.is_secure())


@login_not_required
@require_GET
def short_redirect(request, code):
    """The short address printed under the QR code: /dg/<code>/."""
    return redirect("feedback:rate", code=services.code_normalise(code))


@login_not_required
@require_http_methods(["GET", "POST"])
def rate(request, code):
    """The citizen's rating page: the officer's name and unit, the scale as big choices, a captcha."""
    link = selectors.link_public(code=services.code_normalise(code))
    if link is None:
        return _not_found(request)
    context = {"link": link, "person": link.staff_member}
    if request.method != "POST":
        return render(request, "feedback/rating_form.html", {**context, "form": PublicRatingForm()})
    form = PublicRatingForm(request.POST)
    if over_limit(request, group="rating"):
        # What was chosen and typed stays on the page; only saving waits.
        return render(request, "feedback/rating_form.html", {**context, "form": form, "limited": True}, status=429)
    if link.code in recent_codes(request, RATED_COOKIE):
        return render(request, "feedback/rating_thanks.html", {**context, "already": True})
    if form.is_valid():
        try:
            services.rating_submit(staff_member=link.staff_member, channel=ServiceRating.Channel.LINK,
                                   **form.rating())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = redirect("feedback:rate_thanks", code=link.code)
            remember_code(response, request, RATED_COOKIE, link.code)
            return response
    return render(request, "feedback/rating_form.html", context | {"form": form}, status=200)


@login_not_required
@require_GET
def rate_thanks(request, code):
    link = selectors.link_public(code=services.code_normalise(code))
    if link is None:
        return _not_found(request)
    return render(request, "feedback/rating_thanks.html", {"link": link, "person": link.staff_member})


# --------------------------------------------------------------------------- kiosk


def _kiosk_desk(request):
    """The desk a kiosk returns to (`?quay=<unit>`), when it was started for a desk rather than one officer."""
    unit_id = _number(request.GET.get("quay"))
    return selectors.unit_for(user=request.user, pk=unit_id) if unit_id else None


def _kiosk_over_limit(request) -> bool:
    """Per signed-in session: a tablet left at the desk cannot be used to pour ratings in."""
    return over_limit(request, group="kiosk", key=lambda _group, req: req.session.session_key or "",
                      rate=settings.FEEDBACK_KIOSK_RATE)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_servicerating", raise_exception=True)
def kiosk(request, code):
    """Full-screen rating of one officer on a signed-in tablet: one tap on a big button rates; no captcha."""
    link = selectors.link_for_kiosk(user=request.user, code=services.code_normalise(code))
    desk = _kiosk_desk(request)
    context = {"link": link, "person": link.staff_member, "desk": desk}
    if request.method != "POST":
        return render(request, "feedback/kiosk_rate.html", {**context, "form": RatingForm()})
    form = RatingForm(request.POST)
    if _kiosk_over_limit(request):
        return render(request, "feedback/kiosk_rate.html", {**context, "form": form, "limited": True}, status=429)
    if form.is_valid():
        try:
            services.rating_submit(staff_member=link.staff_member, channel=ServiceRating.Channel.KIOSK,
                                   **form.rating())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            thanks = reverse("feedback:kiosk_thanks", kwargs={"code": link.code})
            return redirect(f"{thanks}?quay={desk.pk}" if desk else thanks)
    return render(request, "feedback/kiosk_rate.html", context | {"form": form})


@require_GET
@permission_required("feedback.add_servicerating", raise_exception=True)
def kiosk_thanks(request, code):
    """Thanks, then back to the start by itself after a few seconds (a meta refresh: no script needed)."""
    link = selectors.link_for_kiosk(user=request.user, code=services.code_normalise(code))
    desk = _kiosk_desk(request)
    start = (reverse("feedback:kiosk_desk", kwargs={"unit": desk.pk}) if desk
             else reverse("feedback:kiosk", kwargs={"code": link.code}))
    return render(request, "feedback/kiosk_thanks.html", {"link": link, "person": link.staff_member, "desk": desk,
                                                          "start": start, "seconds": KIOSK_RETURN_SECONDS})


@require_GET
@permission_required("feedback.add_servicerating", raise_exception=True)
def kiosk_desk(request, unit):
    """A desk's kiosk: the citizen first taps the officer who served them."""
    desk = selectors.unit_for(user=request.user, pk=unit)
    return render(request, "feedback/kiosk_desk.html", {"desk": desk, "links": selectors.desk_links(
        user=request.user, unit=desk)})


# --------------------------------------------------------------------------- links and cards


class RatingLinkListView(PermissionRequiredMixin, ListView):
    """The working officers of the person's units and their link; heads and HR also see the last 12 months."""

    permission_required = "feedback.view_ratinglink"
    template_name = "feedback/rating_link_list.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.filter_form = OfficerFilterForm(self.request.GET or None, units=selectors.units_for(user=user))
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        self.unit = data.get("unit")
        self.with_ratings = user.has_perm("feedback.view_servicerating")
        return selectors.officers_for(user=user, search=data.get("q", ""), unit=self.unit,
                                      with_ratings=self.with_ratings)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, unit=self.unit,
                                        with_ratings=self.with_ratings, **kwargs)


@require_GET
@permission_required("feedback.view_ratinglink", raise_exception=True)
def ratinglink_unit_search(request):
    """htmx: units of the person's scope, for the list's filter."""
    return search_results(request, lambda term: orgunit_list_for(user=request.user, search=term))


@require_POST
@permission_required("feedback.add_ratinglink", raise_exception=True)
def ratinglinks_create_missing(request):
    unit = selectors.unit_for(user=request.user, pk=_number(request.POST.get("unit")))
    count = services.ratinglinks_create_missing(staff_members=selectors.officers_for(user=request.user, unit=unit))
    messages.success(request, _("%(count)s new rating links.") % {"count": count})
    return redirect(f"{reverse('feedback:ratinglink_list')}?unit={unit.pk}")


class RatingLinkDetailView(PermissionRequiredMixin, TemplateView):
    """An officer's link: its short address and QR code, switching it on and off; the last 12 months for those who
    may read ratings (counts, shares and comments by month, never who rated)."""

    permission_required = "feedback.view_ratinglink"
    template_name = "feedback/rating_link_detail.html"

    @cached_property
    def person(self):
        return selectors.officer_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        link = getattr(self.person, "rating_link", None)
        context = {"person": self.person, "link": link}
        if link is not None and link.is_active:
            context |= _card(self.request, link)
            context["page_url"] = public_url(self.request, reverse("feedback:rate", kwargs={"code": link.code}))
        if self.request.user.has_perm("feedback.view_servicerating"):
            context |= _summary_context(self.request, self.person)
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        link = getattr(self.person, "rating_link", None)
        needed = {"activate": "feedback.change_ratinglink" if link else "feedback.add_ratinglink",
                  "deactivate": "feedback.change_ratinglink"}.get(action)
        if needed is None:
            return redirect("feedback:ratinglink_detail", pk=self.person.pk)
        if not request.user.has_perm(needed):
            raise PermissionDenied
        try:
            if action == "activate":
                services.ratinglink_activate(staff_member=self.person)
                messages.success(request, _("The rating link is in use: print the card for the desk."))
            elif link is not None:
                services.ratinglink_deactivate(link=link)
                messages.success(request, _("The rating link is switched off: the printed card no longer works."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("feedback:ratinglink_detail", pk=self.person.pk)


def _summary_context(request, person) -> dict:
    today = timezone.localdate()
    criteria = rating_labels.criteria_choices(settings.FEEDBACK_RATING_CRITERIA)
    comments = Paginator(selectors.officer_comments(staff_member=person, today=today), 25)
    return {"summary": selectors.officer_summary(staff_member=person, criteria=criteria, today=today),
            "comments_page": comments.get_page(request.GET.get("page"))}


@require_GET
@permission_required("feedback.view_ratinglink", raise_exception=True)
def ratinglink_card(request, pk):
    """One officer's printable card."""
    person = selectors.officer_for(user=request.user, pk=pk)
    link = getattr(person, "rating_link", None)
    cards = [_card(request, link)] if link is not None and link.is_active and person.status == Status.WORKING else []
    return render(request, "feedback/rating_cards.html", {
        "cards": cards, "size": _card_size(request), "person": person,
        "back": reverse("feedback:ratinglink_detail", kwargs={"pk": person.pk})})


@require_GET
@permission_required("feedback.view_ratinglink", raise_exception=True)
def ratinglink_cards(request):
    """The cards of every officer of a unit with a link in use, to print at once."""
    unit = selectors.unit_for(user=request.user, pk=_number(request.GET.get("unit")))
    links = selectors.cards_for(user=request.user, unit=unit)
    return render(request, "feedback/rating_cards.html", {
        "cards": [_card(request, link) for link in links], "size": _card_size(request), "unit": unit,
        "is_cut": len(links) == selectors.MAX_CARDS,
        "back": f"{reverse('feedback:ratinglink_list')}?unit={unit.pk}"})


# --------------------------------------------------------------------------- the officer's own page


class MyRatingsView(TemplateView):
    """A staff member's own ratings over 12 months: the rate, the count and the comments by month, nothing else."""

    template_name = "feedback/rating_mine.html"

    def get_context_data(self, **kwargs):
        person = selectors.own_staff_member(user=self.request.user)
        context = {"person": person}
        if person is not None:
            context |= _summary_context(self.request, person)
        return super().get_context_data(**context, **kwargs)
