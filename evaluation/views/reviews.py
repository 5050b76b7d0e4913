"""360-degree review pages: requests and their reviewers (HR, heads), the anonymous answer form (reviewers), the
results by rater group (HR, heads, leaders and the person reviewed) and the question sets (HR).

No page shows an answer: only counts and, once closed, the means of groups with enough answers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors
from batxat_portal.widgets import search_results
from evaluation import reports, selectors, services
from evaluation.forms import (
    QuestionFormSet,
    QuestionSetCreateForm,
    QuestionSetNameForm,
    ReviewAnswerForm,
    ReviewerAddForm,
    ReviewFilterForm,
    ReviewRequestForm,
)
from evaluation.models import ReviewRequest
from evaluation.selectors import reviews as review_selectors


class ReviewListView(PermissionRequiredMixin, ListView):
    permission_required = "evaluation.view_reviewrequest"
    template_name = "evaluation/review_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ReviewFilterForm(self.request.GET or None)
        status = self.filter_form.cleaned_data["status"] if self.filter_form.is_valid() else ""
        return selectors.review_requests_for(user=self.request.user, status=status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ReviewCreateView(PermissionRequiredMixin, FormView):
    permission_required = "evaluation.add_reviewrequest"
    form_class = ReviewRequestForm
    template_name = "evaluation/review_form.html"

    @cached_property
    def question_sets(self):
        return review_selectors.active_question_sets_for(user=self.request.user)

    @cached_property
    def initial_question_set(self):
        return review_selectors.question_set_initial_for(user=self.request.user)

    def get_initial(self):
        return {"question_set": self.initial_question_set}

    def get_context_data(self, **kwargs):
        # Without a set in use nothing can be asked: the page says so, and where HR makes one.
        return super().get_context_data(has_question_sets=self.initial_question_set is not None, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": selectors.review_subject_choices(user=self.request.user),
                "question_sets": self.question_sets}

    def form_valid(self, form):
        try:
            review_request = services.review_request_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The request is saved as a draft: choose the reviewers, then send it."))
        return redirect("evaluation:review_detail", pk=review_request.pk)


@require_GET
@permission_required("evaluation.add_reviewrequest", raise_exception=True)
def review_subject_search(request):
    """htmx: working people of the person's units, by name without diacritics."""
    return search_results(request, lambda term: review_selectors.review_subjects_matching(user=request.user,
                                                                                          term=term))


class ReviewDetailView(PermissionRequiredMixin, TemplateView):
    """A request: its reviewers by group (names only, never who answered), sending and closing."""

    permission_required = "evaluation.view_reviewrequest"
    template_name = "evaluation/review_detail.html"
    actions = {"add", "peers", "subordinates", "remove", "send", "close"}

    @cached_property
    def review_request(self):
        return selectors.review_request_for(user=self.request.user, pk=self.kwargs["pk"])

    def add_form(self, data=None):
        return ReviewerAddForm(data, candidates=selectors.review_reviewer_candidates(
            review_request=self.review_request), search_url=reverse(
            "evaluation:review_reviewer_search", kwargs={"pk": self.review_request.pk}))

    def get_context_data(self, **kwargs):
        groups = review_selectors.reviewer_groups(review_request=self.review_request)
        can_change = (self.request.user.has_perm("evaluation.change_reviewrequest")
                      and self.review_request.status != ReviewRequest.Status.CLOSED)
        if can_change:
            kwargs.setdefault("add_form", self.add_form())
        return super().get_context_data(
            review_request=self.review_request, groups=groups, can_change=can_change,
            subject_is_leader=review_selectors.is_leader(self.review_request.subject),
            can_read_results=self.review_request.status != ReviewRequest.Status.DRAFT, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            return redirect("evaluation:review_detail", pk=self.review_request.pk)
        if not request.user.has_perm("evaluation.change_reviewrequest"):
            raise PermissionDenied
        review_request = self.review_request
        try:
            if action == "add":
                form = self.add_form(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(add_form=form))
                person = form.cleaned_data["reviewer"]
                services.review_invitation_add(review_request=review_request, reviewer=person.user,
                                               rater_group=form.cleaned_data["rater_group"])
                messages.success(request, _("%(name)s is asked to review.") % {"name": person.full_name})
            elif action == "peers":
                count = services.review_invitations_add_peers(review_request=review_request)
                messages.success(request, _("Asked %(count)s colleagues of the unit as peers.") % {"count": count})
            elif action == "subordinates":
                count = services.review_invitations_add_subordinates(review_request=review_request)
                messages.success(request, _("Asked %(count)s people this leader manages.") % {"count": count})
            elif action == "remove":
                invitation = review_selectors.review_invitation_in(review_request=review_request,
                                                                   pk=request.POST.get("invitation"))
                if invitation is not None:
                    services.review_invitation_remove(invitation=invitation)
                    messages.success(request, _("The reviewer is removed."))
            elif action == "send":
                count = services.review_request_send(review_request=review_request)
                messages.success(request, _("Sent to %(count)s reviewers; each gets a task and an email.")
                                 % {"count": count})
            else:
                services.review_request_close(review_request=review_request)
                messages.success(request, _("The request is closed; the results can be read."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:review_detail", pk=review_request.pk)


@require_GET
@permission_required("evaluation.change_reviewrequest", raise_exception=True)
def review_reviewer_search(request, pk):
    """htmx: people with an account in the reviewed person's agency."""
    review_request = selectors.review_request_for(user=request.user, pk=pk)
    return search_results(request, lambda term: review_selectors.review_reviewers_matching(
        review_request=review_request, term=term))


class ReviewReportView(TemplateView):
    """The results by rater group: for the people of one's units with the permission, and for the person reviewed.
    Anyone else gets a 404."""

    template_name = "evaluation/review_report.html"

    def get_context_data(self, **kwargs):
        review_request = selectors.review_report_request_for(user=self.request.user, pk=self.kwargs["pk"])
        return super().get_context_data(**selectors.review_report(review_request=review_request,
                                                                  today=timezone.localdate()), **kwargs)


@require_GET
def review_report_export(request, pk):
    """The same results as Excel: counts and means of the groups shown, never an answer or a reviewer."""
    review_request = selectors.review_report_request_for(user=request.user, pk=pk)
    return reports.review_report_workbook(report=selectors.review_report(review_request=review_request,
                                                                          today=timezone.localdate()))


class MyReviewsView(TemplateView):
    """The reviews asked of the signed-in person, and the results of the reviews about them."""

    template_name = "evaluation/review_mine.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        return super().get_context_data(
            invitations=list(selectors.own_review_invitations(user=user, today=today)),
            own_requests=list(selectors.own_review_requests(user=user)), today=today, **kwargs)


class ReviewAnswerView(FormView):
    """The answer form of one's own invitation; stored without the person's name, and only once."""

    template_name = "evaluation/review_answer.html"
    form_class = ReviewAnswerForm

    @cached_property
    def invitation(self):
        return selectors.review_invitation_to_answer(user=self.request.user, pk=self.kwargs["pk"])

    @cached_property
    def is_open(self):
        return (not self.invitation.has_answered
                and self.invitation.request.accepts_answers_on(timezone.localdate()))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "questions": selectors.review_questions(
            review_request=self.invitation.request, rater_group=self.invitation.rater_group)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, review_request=self.invitation.request,
                                        is_open=self.is_open, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.is_open:
            messages.error(request, _("This review no longer takes answers."))
            return redirect("evaluation:review_mine")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.review_answer_submit(invitation=self.invitation, user=self.request.user, **form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your answer is saved without your name."))
        return redirect("evaluation:review_mine")


# --------------------------------------------------------------------------- question sets


def _agencies_for_sets(user):
    return review_selectors.question_set_agencies_for(user=user, on_date=timezone.localdate())


class QuestionSetListView(PermissionRequiredMixin, ListView):
    permission_required = "evaluation.view_questionset"
    template_name = "evaluation/question_set_list.html"
    paginate_by = 50

    def get_queryset(self):
        return review_selectors.question_set_rows_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("create_form", QuestionSetCreateForm(agencies=_agencies_for_sets(self.request.user)))
        return super().get_context_data(agencies_without_sets=review_selectors.agencies_without_question_sets(
            user=self.request.user, on_date=timezone.localdate()), **kwargs)


@require_POST
@permission_required("evaluation.add_questionset", raise_exception=True)
def question_set_create(request):
    form = QuestionSetCreateForm(request.POST, agencies=_agencies_for_sets(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose the agency and give the set a name."))
        return redirect("evaluation:question_set_list")
    question_set = services.question_set_create(**form.cleaned_data)
    messages.success(request, _("The set starts with the default questions: change them below."))
    return redirect("evaluation:question_set_detail", pk=question_set.pk)


@require_POST
@permission_required("evaluation.add_questionset", raise_exception=True)
def question_set_defaults(request):
    """HR gives an agency of their units that has no question set the default one (the empty state's button)."""
    agency = review_selectors.question_set_agency_for(user=request.user, pk=request.POST.get("agency"),
                                                       on_date=timezone.localdate())
    question_set = services.question_set_defaults_ensure(agency=agency)
    if question_set is None:
        messages.info(request, _("%(agency)s already has a question set.") % {"agency": agency.name})
        return redirect("evaluation:question_set_list")
    messages.success(request, _("%(agency)s now has the default question set: change its questions below if "
                                "needed.") % {"agency": agency.name})
    return redirect("evaluation:question_set_detail", pk=question_set.pk)


class QuestionSetDetailView(PermissionRequiredMixin, TemplateView):
    """A set's questions; HR changes them until a request uses the set, copies or retires it."""

    permission_required = "evaluation.view_questionset"
    template_name = "evaluation/question_set_detail.html"

    @cached_property
    def question_set(self):
        return selectors.question_set_for(user=self.request.user, pk=self.kwargs["pk"])

    def forms(self, data=None):
        initial = review_selectors.question_rows(question_set=self.question_set)
        return (QuestionSetNameForm(data, initial={"name": self.question_set.name}),
                QuestionFormSet(data, initial=initial, prefix="questions"))

    def get_context_data(self, **kwargs):
        can_edit = self.request.user.has_perm("evaluation.change_questionset") and not self.question_set.is_used
        if can_edit and "name_form" not in kwargs:
            kwargs["name_form"], kwargs["formset"] = self.forms()
        return super().get_context_data(question_set=self.question_set, can_edit=can_edit, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        needed = {"save": "evaluation.change_questionset", "activate": "evaluation.change_questionset",
                  "deactivate": "evaluation.change_questionset", "copy": "evaluation.add_questionset"}.get(action)
        if needed is None:
            return redirect("evaluation:question_set_detail", pk=self.question_set.pk)
        if not request.user.has_perm(needed):
            raise PermissionDenied
        try:
            if action == "copy":
                copy = services.question_set_copy(question_set=self.question_set)
                messages.success(request, _("Copied: change the questions of the copy."))
                return redirect("evaluation:question_set_detail", pk=copy.pk)
            if action in ("activate", "deactivate"):
                services.question_set_activate(question_set=self.question_set, is_active=action == "activate")
                messages.success(request, _("Saved."))
            else:
                name_form, formset = self.forms(request.POST)
                if not (name_form.is_valid() and formset.is_valid()):
                    return self.render_to_response(self.get_context_data(name_form=name_form, formset=formset))
                rows = [row for row in formset.cleaned_data if row and not row.get("DELETE")]
                services.question_set_save(question_set=self.question_set, name=name_form.cleaned_data["name"],
                                           questions=rows)
                messages.success(request, _("The questions are saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:question_set_detail", pk=self.question_set.pk)
