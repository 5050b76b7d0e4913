"""The handlers' pages: the queue of the cases in one's units and a case with its history and its steps.

Every page needs `feedback.view_feedback`, every step `feedback.handle_feedback`; a case outside one's units is a
404 (by list, by URL, and for its attachments, which are never served from a public media URL).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from batxat_portal import calendar_selectors, workdays
from batxat_portal.forms import add_service_errors
from batxat_portal.paging import count_free_page
from batxat_portal.widgets import search_results
from feedback.forms import handling as forms
from feedback.selectors import handling as selectors
from feedback.services import handling as services

QUEUE_PAGE_SIZE = 50

# Each step: its form, the service it calls (the form's cleaned data are its arguments), the message once done,
# and on the page: its heading and its button.
STEPS = {
    "answer": (forms.AnswerForm, services.feedback_answer, gettext_lazy("The answer is published."),
               gettext_lazy("Answer"), gettext_lazy("Preview the answer")),
    "request_info": (forms.RequestInfoForm, services.feedback_request_info, gettext_lazy("The question is sent."),
                     gettext_lazy("Ask the citizen for more information"), gettext_lazy("Send the question")),
    "assign": (forms.AssignForm, services.feedback_assign, gettext_lazy("Assigned."),
               gettext_lazy("Assign to a unit or officer"), gettext_lazy("Assign")),
    "accept": (forms.AcceptForm, services.feedback_accept, gettext_lazy("The complaint is accepted for handling."),
               gettext_lazy("Accept the complaint for handling (thụ lý)"), gettext_lazy("Accept")),
    "overdue_complaint": (forms.OverdueComplaintForm, services.feedback_record_overdue_complaint,
                          gettext_lazy("The citizen's complaint that the case is overdue is recorded."),
                          gettext_lazy("The citizen complained that it is overdue"), gettext_lazy("Record it")),
    "classify": (forms.ClassifyForm, services.feedback_classify, gettext_lazy("Classified."),
                 gettext_lazy("Change the kind"), gettext_lazy("Change the kind")),
    "forward": (forms.ForwardForm, services.feedback_forward, gettext_lazy("Forwarded."),
                gettext_lazy("Forward: outside our competence"), gettext_lazy("Forward")),
    "duplicate": (forms.DuplicateForm, services.feedback_mark_duplicate,
                  gettext_lazy("Marked as a duplicate and merged."),
                  gettext_lazy("Duplicate of another case"), gettext_lazy("Merge into the original")),
    "spam": (forms.SpamForm, services.feedback_mark_spam, gettext_lazy("Marked as spam."),
             gettext_lazy("Spam"), gettext_lazy("Mark as spam")),
    "close": (forms.CloseForm, services.feedback_close, gettext_lazy("Closed."),
              gettext_lazy("Close the case"), gettext_lazy("Close")),
    "reopen": (forms.ReopenForm, services.feedback_reopen, gettext_lazy("Reopened."),
               gettext_lazy("Reopen the case"), gettext_lazy("Reopen")),
}


ANSWER_SUBMITTED = gettext_lazy("The answer is sent to the unit's head or leader, who signs it off before the citizen "
                                 "sees it.")
# The steps of a head or leader on an answer waiting for sign-off (FEEDBACK_ANSWER_SIGN_OFF_UNITS).
SIGN_OFF_STEPS = ("approve_answer", "return_answer")


class QueueView(PermissionRequiredMixin, TemplateView):
    """The cases in one's units, the least time left first; no count of the whole set (millions of rows)."""

    permission_required = "feedback.view_feedback"
    template_name = "feedback/queue_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        form = forms.QueueFilterForm(self.request.GET or None,
                                     units=selectors.unit_choices_for(user=user, today=today))
        filters = form.cleaned_data if form.is_valid() else {}
        pager = count_free_page(selectors.queue_for(user=user, filters=filters, today=today),
                                self.request.GET.get("page"), per_page=QUEUE_PAGE_SIZE)
        rows = selectors.with_time_left(pager.object_list, today=today, calendar=calendar_selectors.working_calendar())
        return super().get_context_data(
            filter_form=form, cases=rows, pager=pager, is_filtered=bool(self.request.GET.keys() - {"page"}),
            today=today, **kwargs)


class CaseView(PermissionRequiredMixin, TemplateView):
    """A case: what was sent, the contact (only to whom may see it), its whole history and the steps allowed now."""

    permission_required = "feedback.view_feedback"
    template_name = "feedback/case_detail.html"

    @cached_property
    def case(self):
        return selectors.case_for(user=self.request.user, pk=self.kwargs["pk"])

    def step_form(self, step: str, data=None):
        form_class = STEPS[step][0]
        extra = {}
        if step == "assign":
            extra = {"units": selectors.unit_choices_for(user=self.request.user, today=timezone.localdate()),
                     "officers": selectors.officer_choices_for(user=self.request.user)}
        initial = ({"kind": self.case.kind} if step == "classify"
                   else {"accepted_on": timezone.localdate()} if step == "accept" else None)
        return form_class(data, prefix=step, initial=initial, **extra)

    def get_context_data(self, **kwargs):
        case, user, today = self.case, self.request.user, timezone.localdate()
        can_handle = user.has_perm("feedback.handle_feedback")
        allowed = selectors.allowed_actions(case, today=today) if can_handle else set()
        open_step = kwargs.pop("open_step", "")
        steps = [{"key": step, "heading": STEPS[step][3], "button": STEPS[step][4], "is_open": step == open_step,
                  "form": kwargs.pop(f"{step}_form", None) or self.step_form(step)}
                 for step in STEPS if step in allowed]
        # An answer waiting for sign-off, on a case still open; whether this person would sign it off.
        waiting = bool(case.draft_answer) and "answer" in selectors.allowed_actions(case, today=today)
        needs_sign_off = "answer" in allowed and selectors.answer_needs_sign_off(case)
        signs_off = (waiting or needs_sign_off) and selectors.can_sign_off(user=user, feedback=case)
        calendar = calendar_selectors.working_calendar()
        selectors.with_time_left([case], today=today, calendar=calendar)
        must_forward_by = case.status in selectors.OPEN_STATUSES and case.within_competence
        return super().get_context_data(
            case=case, events=selectors.case_events(feedback=case),
            attachments=selectors.case_attachments(feedback=case),
            duplicates=selectors.case_duplicates(feedback=case),
            show_contact=selectors.can_see_contact(user=user, feedback=case),
            can_handle=can_handle, steps=steps, today=today, must_forward_by=must_forward_by,
            answer_waiting=waiting, can_sign_off=waiting and signs_off,
            answer_goes_to_sign_off=needs_sign_off and not signs_off,
            return_form=kwargs.pop("return_form", None) or forms.ReturnAnswerForm(prefix="return_answer"),
            forward_days_left=(workdays.working_days_between(today, case.forward_due_on, calendar)
                               if must_forward_by else None),
            **kwargs)

    def post(self, request, *args, **kwargs):
        step = request.POST.get("action", "")
        if step in SIGN_OFF_STEPS:
            return self.sign_off(request, step)
        if not request.user.has_perm("feedback.handle_feedback"):
            raise PermissionDenied
        if step not in STEPS:
            messages.error(request, _("Choose a step from the page."))
            return redirect("feedback:case", pk=self.case.pk)
        if step not in selectors.allowed_actions(self.case, today=timezone.localdate()):
            # a page left open while someone else moved the case
            messages.error(request, services.refusal(self.case, step))
            return redirect("feedback:case", pk=self.case.pk)
        form = self.step_form(step, request.POST)
        if form.is_valid():
            if step == "answer" and request.POST.get("confirm") != "yes":
                # First the answer as the citizen will see it, then a second click publishes it (or sends it on).
                return self.render_to_response(self.get_context_data(
                    answer_form=form, open_step=step, answer_preview=form.cleaned_data["text"]))
            try:
                case = STEPS[step][1](feedback=self.case, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, ANSWER_SUBMITTED if step == "answer" and case.draft_answer
                                 else STEPS[step][2])
                return redirect("feedback:case", pk=self.case.pk)
        return self.render_to_response(self.get_context_data(**{f"{step}_form": form}, open_step=step))

    def sign_off(self, request, step: str):
        """A head or leader of the case's unit approves the answer waiting, or sends it back saying why."""
        if not selectors.can_sign_off(user=request.user, feedback=self.case):
            raise PermissionDenied
        form = forms.ReturnAnswerForm(request.POST, prefix="return_answer") if step == "return_answer" else None
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(return_form=form))
        try:
            if form is None:
                services.feedback_answer_approve(feedback=self.case, user=request.user)
            else:
                services.feedback_answer_return(feedback=self.case, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("feedback:case", pk=self.case.pk)
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(return_form=form))
        messages.success(request, _("The answer is signed off and published.") if form is None
                         else _("The answer is sent back to its author."))
        return redirect("feedback:case", pk=self.case.pk)


@require_GET
@permission_required("feedback.view_feedback", raise_exception=True)
def attachment_download(request, pk, attachment):
    """A case's file, for whoever sees the case: as a download, under its stored type, never rendered in place."""
    item = selectors.attachment_for(user=request.user, feedback_pk=pk, pk=attachment)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=item.original_name,
                            content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@permission_required("feedback.view_feedback", raise_exception=True)
def unit_search(request):
    """htmx: current units of one's units whose name (without diacritics) or code matches."""
    today = timezone.localdate()
    return search_results(request, lambda term: selectors.unit_search(user=request.user, term=term, today=today))


@require_GET
@permission_required("feedback.handle_feedback", raise_exception=True)
def officer_search(request):
    """htmx: accounts that handle feedback in one's units, by name or username without diacritics."""
    return search_results(request, lambda term: selectors.officer_search(user=request.user, term=term))
