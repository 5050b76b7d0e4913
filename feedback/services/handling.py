"""The handlers' work on a case, each step a service that leaves a FeedbackEvent (actor = the handler): classify,
mark as spam or as a duplicate (merged into the original), assign, forward outside competence, ask the citizen for
more information, answer, close, reopen; and the nightly escalation of overdue cases to the unit heads.

A step is allowed only in some statuses (`ALLOWED`); a refused one says why. The citizen is mailed after commit,
only about public steps and only if they gave an address.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from batxat_portal.links import portal_url
from feedback import tasks
from feedback.models import Feedback, FeedbackEvent, Kind
from feedback.selectors import handling as selectors
from feedback.services import public
from staff import roles
from staff.models import OrgUnit, User

Status = Feedback.Status
Action = FeedbackEvent.Action
OPEN = selectors.OPEN_STATUSES

ALLOWED = selectors.ALLOWED
REFUSALS = {
    "classify": gettext_lazy("Only a case still being handled can be classified; this one is “%(status)s”."),
    "accept": gettext_lazy("Only a complaint still being handled can be accepted; this one is “%(status)s”."),
    "overdue_complaint": gettext_lazy("A complaint that the case is overdue cannot be recorded for a case that is "
                                      "“%(status)s”."),
    "spam": gettext_lazy("Only a case still being handled can be marked as spam; this one is “%(status)s”."),
    "duplicate": gettext_lazy(
        "Only a case still being handled can be marked as a duplicate; this one is “%(status)s”."),
    "assign": gettext_lazy("Only a case still being handled can be assigned; this one is “%(status)s”. "
                           "Reopen it first."),
    "forward": gettext_lazy("Only a case still being handled can be forwarded; this one is “%(status)s”."),
    "request_info": gettext_lazy("More information can be asked only of a case being handled and not already "
                                 "waiting for it; this one is “%(status)s”."),
    "answer": gettext_lazy("Only a case still being handled can be answered; this one is “%(status)s”. "
                           "Reopen it to answer again."),
    "close": gettext_lazy("Only an answered or forwarded case, or one waiting for information, can be closed; "
                          "this one is “%(status)s”. Answer or forward it first."),
    "reopen": gettext_lazy("Only a finished case (answered, forwarded, closed, spam or duplicate) can be "
                           "reopened; this one is “%(status)s”."),
}

def refusal(feedback: Feedback, action: str) -> str:
    """Why the step cannot be taken on the case now (the page shows it when a step it offered is no longer allowed)."""
    if feedback.status in ALLOWED[action]:
        if action == "accept":
            return _not_acceptable(feedback)
        if action == "overdue_complaint":
            return _no_overdue_complaint(feedback)
    return str(REFUSALS[action] % {"status": feedback.get_status_display()})


def _not_acceptable(case: Feedback) -> str:
    if case.kind != Kind.COMPLAINT:
        return _("Only a complaint (khiếu nại) is accepted for handling; this case is “%(kind)s”.") % {
            "kind": case.get_kind_display()}
    return _("This complaint was already accepted on %(day)s.") % {"day": f"{case.accepted_on:%d/%m/%Y}"}


def _no_overdue_complaint(case: Feedback) -> str:
    if case.overdue_complained_at:
        return _("The citizen's complaint that this case is overdue was already recorded on %(day)s.") % {
            "day": f"{timezone.localdate(case.overdue_complained_at):%d/%m/%Y}"}
    return _("This case is not overdue: it was settled, or is still within, its deadline of %(day)s.") % {
        "day": f"{(case.due_on if case.within_competence else case.forward_due_on):%d/%m/%Y}"}


def _locked(feedback: Feedback, action: str) -> Feedback:
    """The case row locked for the step, refused with the reason when the step is not allowed on it now."""
    case = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if action not in selectors.allowed_actions(case, today=timezone.localdate()):
        raise ValidationError(refusal(case, action))
    return case


def _save(case: Feedback, fields: list[str]) -> None:
    case.full_clean(exclude=["tracking_code", "content_hash", "sender_hash"])
    case.save(update_fields=fields)


def _event(case: Feedback, *, actor, action: str, note: str = "", is_public: bool = False) -> FeedbackEvent:
    event = FeedbackEvent(feedback=case, actor=actor, action=action, note=note, is_public=is_public)
    event.full_clean(exclude=["feedback", "actor"])
    event.save()
    return event


def _required(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _mail_citizen(case: Feedback, event: FeedbackEvent) -> None:
    if case.citizen_email:
        transaction.on_commit(lambda: tasks.feedback_step_mail.delay(event.pk))


@transaction.atomic
def feedback_classify(*, feedback: Feedback, user, kind: str, is_complex: bool = False) -> Feedback:
    """Change the kind (or call a complaint complex); the answer deadline follows, counted from the day received
    (a complaint: from its acceptance, or, not accepted yet, the days to accept it)."""
    case = _locked(feedback, "classify")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    due_on = public.feedback_deadlines(kind=kind, received_on=timezone.localdate(case.received_at),
                                       is_complex=is_complex, accepted_on=case.accepted_on).answer_due_on
    if kind == case.kind and due_on == case.due_on:
        raise ValidationError({"kind": _("The case is already of this kind.")})
    before = case.get_kind_display()
    case.kind, case.due_on = kind, due_on
    if case.escalated_at and case.due_on >= timezone.localdate():
        case.escalated_at = None  # a later deadline is escalated again if it passes
    _save(case, ["kind", "due_on", "escalated_at"])
    _event(case, actor=user, action=Action.CLASSIFIED, is_public=True,
           note=_("%(before)s → %(after)s; answer due on %(day)s.") % {
               "before": before, "after": case.get_kind_display(), "day": f"{case.due_on:%d/%m/%Y}"})
    return case


@transaction.atomic
def feedback_accept(*, feedback: Feedback, user, accepted_on: date, is_complex: bool = False,
                    note: str = "") -> Feedback:
    """Accept a complaint for handling (thụ lý) on the day given: its deadline is then the Law on Complaints' days
    from that day (longer if complex), no longer the days to accept it. Shown to the citizen."""
    case = _locked(feedback, "accept")
    received_on = timezone.localdate(case.received_at)
    if accepted_on is None:
        raise ValidationError({"accepted_on": _("Enter the day the complaint was accepted.")})
    if accepted_on < received_on:
        raise ValidationError({"accepted_on": _("A complaint cannot be accepted before it was received (%(day)s).")
                               % {"day": f"{received_on:%d/%m/%Y}"}})
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("The day of acceptance cannot be in the future.")})
    case.accepted_on, case.accepted_by = accepted_on, user
    case.due_on = public.feedback_deadlines(kind=case.kind, received_on=received_on, is_complex=is_complex,
                                            accepted_on=accepted_on).answer_due_on
    fields = ["accepted_on", "accepted_by", "due_on"]
    if case.escalated_at and case.due_on >= timezone.localdate():
        case.escalated_at = None  # the new deadline is escalated again if it passes
        fields.append("escalated_at")
    if case.status == Status.RECEIVED:
        case.status = Status.IN_PROGRESS
        fields.append("status")
    _save(case, fields)
    text = _("Complaint accepted for handling on %(accepted)s; to be settled by %(due)s.") % {
        "accepted": f"{accepted_on:%d/%m/%Y}", "due": f"{case.due_on:%d/%m/%Y}"}
    _event(case, actor=user, action=Action.ACCEPTED, is_public=True,
           note="\n".join(filter(None, [text, note.strip()])))
    return case


@transaction.atomic
def feedback_record_overdue_complaint(*, feedback: Feedback, user, note: str = "") -> Feedback:
    """Record that the citizen complained the case is overdue (QĐ 766: such a case counts against the feedback
    satisfaction ratio). Only for a late case, once."""
    case = _locked(feedback, "overdue_complaint")
    case.overdue_complained_at = timezone.now()
    _save(case, ["overdue_complained_at"])
    _event(case, actor=user, action=Action.OVERDUE_COMPLAINT, note=note.strip())
    return case


@transaction.atomic
def feedback_mark_spam(*, feedback: Feedback, user, note: str = "") -> Feedback:
    case = _locked(feedback, "spam")
    case.status, case.closed_at = Status.SPAM, timezone.now()
    _save(case, ["status", "closed_at"])
    _event(case, actor=user, action=Action.SPAM, note=note.strip())
    return case


@transaction.atomic
def feedback_mark_duplicate(*, feedback: Feedback, user, original_code: str) -> Feedback:
    """The case closes as a duplicate of an earlier one in the person's units; the original's history notes it."""
    case = _locked(feedback, "duplicate")
    code = _required(original_code, field="original_code",
                     message=_("Enter the tracking code of the original case."))
    original = selectors.case_list_for(user=user).filter(tracking_code__in={code, code.upper()}).first()
    if original is None:
        raise ValidationError({"original_code": _("No case with this tracking code in your units.")})
    if original.pk == case.pk:
        raise ValidationError({"original_code": _("A case cannot duplicate itself.")})
    if original.status == Status.DUPLICATE and original.duplicate_of_id:
        raise ValidationError({"original_code": _(
            "That case is itself a duplicate of %(code)s: mark this one a duplicate of that case.") % {
            "code": original.duplicate_of.tracking_code}})
    if original.status == Status.SPAM:
        raise ValidationError({"original_code": _("That case was marked as spam.")})
    case.status, case.duplicate_of, case.closed_at = Status.DUPLICATE, original, timezone.now()
    _save(case, ["status", "duplicate_of", "closed_at"])
    _event(case, actor=user, action=Action.DUPLICATE,
           note=_("Duplicate of %(code)s.") % {"code": original.tracking_code})
    _event(original, actor=user, action=Action.MERGED,
           note=_("%(code)s, received on %(day)s, merged into this case as a duplicate.") % {
               "code": case.tracking_code, "day": f"{timezone.localdate(case.received_at):%d/%m/%Y}"})
    return case


@transaction.atomic
def feedback_assign(*, feedback: Feedback, user, unit: OrgUnit, officer: User | None = None,
                    note: str = "") -> Feedback:
    """Give the case to a unit in the person's units and, if chosen, to one of its handlers."""
    case = _locked(feedback, "assign")
    if not selectors.unit_choices_for(user=user, today=timezone.localdate()).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose a current unit within your units.")})
    if officer is not None and not selectors.officer_can_take(officer=officer, unit=unit):
        raise ValidationError({"officer": _(
            "%(name)s does not handle feedback of %(unit)s: choose one of its handlers, or no one.") % {
            "name": officer.get_full_name(), "unit": unit.name}})
    case.assigned_unit, case.assigned_to = unit, officer
    fields = ["assigned_unit", "assigned_to"]
    if case.status == Status.RECEIVED:
        case.status = Status.IN_PROGRESS
        fields.append("status")
    _save(case, fields)
    text = (_("Assigned to %(unit)s, officer %(name)s.") % {"unit": unit.name, "name": officer.get_full_name()}
            if officer else _("Assigned to %(unit)s.") % {"unit": unit.name})
    _event(case, actor=user, action=Action.ASSIGNED, note="\n".join(filter(None, [text, note.strip()])))
    return case


@transaction.atomic
def feedback_forward(*, feedback: Feedback, user, forwarded_to: str, note: str = "") -> Feedback:
    """Outside the agency's competence: sent on to the competent authority (within 5 working days of receipt)."""
    case = _locked(feedback, "forward")
    forwarded_to = _required(forwarded_to, field="forwarded_to",
                             message=_("Say to which authority the case is forwarded."))
    case.status, case.within_competence = Status.FORWARDED, False
    case.forwarded_to, case.forwarded_at = forwarded_to, timezone.now()
    _save(case, ["status", "within_competence", "forwarded_to", "forwarded_at"])
    text = _("Outside our competence: forwarded to %(to)s.") % {"to": forwarded_to}
    event = _event(case, actor=user, action=Action.FORWARDED, is_public=True,
                   note="\n".join(filter(None, [text, note.strip()])))
    _mail_citizen(case, event)
    return case


@transaction.atomic
def feedback_request_info(*, feedback: Feedback, user, question: str) -> Feedback:
    """Ask the citizen for what is missing; the question shows on their tracking page (and is mailed)."""
    case = _locked(feedback, "request_info")
    question = _required(question, field="question", message=_("Write the question to the citizen."))
    case.status = Status.WAITING_INFO
    _save(case, ["status"])
    event = _event(case, actor=user, action=Action.INFO_REQUESTED, note=question, is_public=True)
    _mail_citizen(case, event)
    return case


def _publish_answer(case: Feedback, *, text: str, author) -> None:
    case.answer = text
    case.status, case.answered_at, case.answered_by = Status.ANSWERED, timezone.now(), author
    case.draft_answer, case.draft_by, case.draft_at = "", None, None
    _save(case, ["answer", "status", "answered_at", "answered_by", "draft_answer", "draft_by", "draft_at"])
    event = _event(case, actor=author, action=Action.ANSWERED, note=case.answer, is_public=True)
    _mail_citizen(case, event)


@transaction.atomic
def feedback_answer(*, feedback: Feedback, user, text: str) -> Feedback:
    """The answer, published on the citizen's tracking page (and mailed); or, in a unit whose answers are signed off
    (FEEDBACK_ANSWER_SIGN_OFF_UNITS) and written by someone who cannot sign it off, kept for a head or leader of the
    unit to approve, not yet shown to the citizen (a new answer replaces the one waiting)."""
    case = _locked(feedback, "answer")
    text = _required(text, field="text", message=_("Write the answer."))
    if selectors.answer_needs_sign_off(case) and not selectors.can_sign_off(user=user, feedback=case):
        case.draft_answer, case.draft_by, case.draft_at = text, user, timezone.now()
        _save(case, ["draft_answer", "draft_by", "draft_at"])
        _event(case, actor=user, action=Action.ANSWER_SUBMITTED, note=text)
        return case
    _publish_answer(case, text=text, author=user)
    return case


def _waiting_answer(feedback: Feedback, user) -> Feedback:
    case = _locked(feedback, "answer")
    if not case.draft_by_id and not case.draft_answer:
        raise ValidationError(_("No answer of this case is waiting for sign-off."))
    if not selectors.can_sign_off(user=user, feedback=case):
        raise PermissionDenied(_("Only a head of the unit or a leader of its agency signs off its answers."))
    return case


@transaction.atomic
def feedback_answer_approve(*, feedback: Feedback, user) -> Feedback:
    """A head or leader of the unit approves the answer waiting: it is published as its author wrote it."""
    case = _waiting_answer(feedback, user)
    author = case.draft_by
    _event(case, actor=user, action=Action.ANSWER_APPROVED,
           note=_("Answer by %(name)s signed off.") % {"name": author.get_full_name() if author else "?"})
    _publish_answer(case, text=case.draft_answer, author=author or user)
    return case


@transaction.atomic
def feedback_answer_return(*, feedback: Feedback, user, reason: str) -> Feedback:
    """A head or leader sends the answer back to be rewritten, saying why; the citizen sees nothing of it."""
    case = _waiting_answer(feedback, user)
    reason = _required(reason, field="reason", message=_("Say what must change in the answer."))
    _event(case, actor=user, action=Action.ANSWER_RETURNED,
           note=(_("%(reason)s\n\nThe answer sent back:\n%(text)s") % {
               "reason": reason, "text": case.draft_answer})[:10000])
    case.draft_answer, case.draft_by, case.draft_at = "", None, None
    _save(case, ["draft_answer", "draft_by", "draft_at"])
    return case


@transaction.atomic
def feedback_close(*, feedback: Feedback, user, note: str = "") -> Feedback:
    case = _locked(feedback, "close")
    case.status, case.closed_at = Status.CLOSED, timezone.now()
    _save(case, ["status", "closed_at"])
    _event(case, actor=user, action=Action.CLOSED, note=note.strip(), is_public=True)
    return case


@transaction.atomic
def feedback_reopen(*, feedback: Feedback, user, reason: str) -> Feedback:
    """Back to the handlers; a duplicate leaves its original, a forwarded case is ours again. History stays."""
    case = _locked(feedback, "reopen")
    reason = _required(reason, field="reason", message=_("Say why the case is reopened."))
    before = case.get_status_display()
    fields = ["status", "closed_at"]
    if case.status == Status.DUPLICATE:
        case.duplicate_of = None
        fields.append("duplicate_of")
    if case.status == Status.FORWARDED:
        case.within_competence = True
        fields.append("within_competence")
    case.status, case.closed_at = Status.IN_PROGRESS, None
    _save(case, fields)
    _event(case, actor=user, action=Action.REOPENED,
           note=_("Was “%(status)s”. %(reason)s") % {"status": before, "reason": reason})
    return case


# --------------------------------------------------------------------------- mail


_STEP_SUBJECTS = {
    Action.ANSWERED: gettext_lazy("Your feedback %(code)s has been answered"),
    Action.INFO_REQUESTED: gettext_lazy("Your feedback %(code)s: more information is needed"),
    Action.FORWARDED: gettext_lazy("Your feedback %(code)s has been forwarded"),
}


def feedback_step_mail(*, event_id: int) -> bool:
    """Mail the citizen a public step of their case (the answer, a question, a forward), if they gave an address."""
    from django.core.mail import send_mail

    event = FeedbackEvent.objects.select_related("feedback").filter(pk=event_id, is_public=True).first()
    if event is None or event.action not in _STEP_SUBJECTS or not event.feedback.citizen_email:
        return False
    case = event.feedback
    values = {"code": case.tracking_code, "note": event.note,
              "link": public.tracking_link(case.tracking_code)}
    body = {
        Action.ANSWERED: _("The answer to your feedback %(code)s:\n\n%(note)s\n\nRead it again, and say whether "
                           "it satisfies you, on the portal: %(link)s"),
        Action.INFO_REQUESTED: _("To handle your feedback %(code)s we need more information:\n\n%(note)s\n\n"
                                 "Please reply on the portal: %(link)s"),
        Action.FORWARDED: _("Your feedback %(code)s is outside our competence.\n\n%(note)s\n\n"
                            "Follow it on the portal: %(link)s"),
    }[event.action] % values
    send_mail(str(_STEP_SUBJECTS[event.action] % values), body, None, [case.citizen_email])
    return True


# --------------------------------------------------------------------------- nightly escalation


def _target_unit_ids(cases) -> dict[int, int]:
    """Case id -> the unit whose head answers for it: the assigned unit, else the unit it was sent to."""
    return {case["pk"]: case["assigned_unit_id"] or case["org_unit_id"] for case in cases}


def _heads_by_unit(unit_ids: set[int]) -> dict[int, list[int]]:
    """Unit id -> the department heads scoped to that very unit; a unit without one falls back to the leaders of
    its agency (the nearest agency above or at it). Three queries whatever the number of units."""
    heads: dict[int, list[int]] = {}
    for user_id, unit_id in User.objects.filter(
            is_active=True, groups__name=roles.DEPARTMENT_HEAD, org_units__in=unit_ids).values_list(
            "pk", "org_units").order_by("pk").distinct():
        heads.setdefault(unit_id, []).append(user_id)
    headless = unit_ids - heads.keys()
    if not headless:
        return heads
    paths = dict(OrgUnit.objects.filter(pk__in=headless).values_list("pk", "path"))
    chain = {unit_id: [int(part) for part in path.strip("/").split("/") if part] for unit_id, path in paths.items()}
    agencies = set(OrgUnit.objects.filter(
        pk__in={ancestor for ids in chain.values() for ancestor in ids}, kind=OrgUnit.Kind.AGENCY).values_list(
        "pk", flat=True))
    agency_of = {unit_id: next((a for a in reversed(ids) if a in agencies), None) for unit_id, ids in chain.items()}
    leaders: dict[int, list[int]] = {}
    for user_id, unit_id in User.objects.filter(
            is_active=True, groups__name=roles.AGENCY_LEADER,
            org_units__in={a for a in agency_of.values() if a}).values_list("pk", "org_units").order_by(
            "pk").distinct():
        leaders.setdefault(unit_id, []).append(user_id)
    for unit_id in headless:
        heads[unit_id] = leaders.get(agency_of.get(unit_id), [])
    return heads


@transaction.atomic
def feedback_escalate_overdue(*, today: date, batch_size: int = 2000) -> int:
    """Every open case past its answer deadline and not yet escalated is marked, noted in its history, and each
    head gets ONE mail listing their overdue cases. Safe to repeat: a case is escalated once (rows locked, then
    updated only while still unmarked), so a second run finds nothing and mails no one."""
    cases = list(Feedback.objects.select_for_update(skip_locked=True).filter(
        status__in=OPEN, due_on__lt=today, escalated_at__isnull=True).values(
        "pk", "org_unit_id", "assigned_unit_id").order_by("due_on", "pk"))
    if not cases:
        return 0
    now = timezone.now()
    target = _target_unit_ids(cases)
    heads = _heads_by_unit(set(target.values()))
    names = dict(User.objects.filter(pk__in={u for ids in heads.values() for u in ids}).values_list(
        "pk", "full_name"))
    escalated, per_head = 0, {}
    for start in range(0, len(cases), batch_size):
        ids = [case["pk"] for case in cases[start:start + batch_size]]
        escalated += Feedback.objects.filter(pk__in=ids, escalated_at__isnull=True).update(escalated_at=now)
        events = []
        for pk in ids:
            head_ids = heads.get(target[pk], [])
            for head_id in head_ids:
                per_head.setdefault(head_id, []).append(pk)
            note = (_("Overdue: escalated to %(names)s.") % {"names": ", ".join(names.get(u) or str(u)
                                                                               for u in head_ids)}
                    if head_ids else _("Overdue: no unit head or agency leader to tell."))
            events.append(FeedbackEvent(feedback_id=pk, action=Action.ESCALATED, note=note))
        FeedbackEvent.objects.bulk_create(events)
    for head_id, case_ids in per_head.items():
        transaction.on_commit(lambda head_id=head_id, case_ids=case_ids: tasks.feedback_escalation_mail.delay(
            head_id, case_ids))
    return escalated


ESCALATION_MAIL_LISTED = 50


def feedback_escalation_mail(*, user_id: int, feedback_ids: list[int]) -> bool:
    """One mail to a head: their overdue cases (the first ones listed, the rest counted), with the queue's link."""
    from django.core.mail import send_mail

    head = User.objects.filter(pk=user_id, is_active=True).first()
    if head is None or not head.email:
        return False
    cases = list(Feedback.objects.filter(pk__in=feedback_ids).select_related("org_unit").only(
        "tracking_code", "kind", "due_on", "org_unit__name").order_by("due_on", "pk")[:ESCALATION_MAIL_LISTED])
    lines = [f"- {case.tracking_code} · {case.get_kind_display()} · {case.org_unit.name} · "
             + _("due on %(day)s") % {"day": f"{case.due_on:%d/%m/%Y}"} for case in cases]
    if len(feedback_ids) > len(cases):
        lines.append(_("… and %(count)s more.") % {"count": len(feedback_ids) - len(cases)})
    send_mail(
        _("%(count)s citizen feedback cases overdue in your unit") % {"count": len(feedback_ids)},
        _("%(name)s, these citizen feedback cases have passed their answer deadline:\n\n%(cases)s\n\n"
          "See them on the portal: %(link)s") % {
            "name": head.get_full_name(), "cases": "\n".join(lines),
            "link": portal_url(reverse("feedback:queue") + "?overdue=on")},
        None, [head.email])
    return True
