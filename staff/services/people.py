"""Writes of the staff file. Every write goes through here so the derived columns stay true."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.choices import QualificationKind, RequestStatus
from staff.models import (
    Assignment,
    CorrectionRequest,
    Discipline,
    Leave,
    Qualification,
    Reward,
    SalaryRecord,
    SalaryStep,
    StaffMember,
    SupportPolicy,
)
from staff.rules import nd135_2020, salary

# What a staff member may ask HR to correct, and the field it changes.
CORRECTABLE_FIELDS = {
    "full_name": StaffMember._meta.get_field("full_name"),
    "date_of_birth": StaffMember._meta.get_field("date_of_birth"),
    "place_of_birth": StaffMember._meta.get_field("place_of_birth"),
    "hometown": StaffMember._meta.get_field("hometown"),
    "religion": StaffMember._meta.get_field("religion"),
    "id_number": StaffMember._meta.get_field("id_number"),
    "phone": StaffMember._meta.get_field("phone"),
    "email": StaffMember._meta.get_field("email"),
    "address": StaffMember._meta.get_field("address"),
}

# The rows of a file a staff member may ask HR to correct, by the kind named in the file's pages and addresses.
CORRECTABLE_ROWS = {"qualification": Qualification, "assignment": Assignment, "salary": SalaryRecord,
                    "leave": Leave, "reward": Reward, "discipline": Discipline, "support": SupportPolicy}


def _derive(member: StaffMember) -> None:
    """Fill the columns that follow from others: coefficient, next step, retirement date."""
    member.retirement_date = (
        nd135_2020.retirement_date(date_of_birth=member.date_of_birth, gender=member.gender)
        if member.date_of_birth and member.gender else None
    )
    member.salary_coefficient = None
    member.next_step_due = None
    if member.rank_id and member.salary_step:
        steps = dict(SalaryStep.objects.filter(rank_id=member.rank_id).values_list("step", "coefficient"))
        member.salary_coefficient = steps.get(member.salary_step)
        if member.step_since and steps:
            member.next_step_due = salary.next_step_due(
                step=member.salary_step, step_count=max(steps), years_per_step=member.rank.years_per_step,
                step_since=member.step_since, delay_months=_discipline_delay(member),
            )


def _delay_months(disciplines, step_since) -> int:
    """Months a discipline taking effect during the current step adds before the next one (a setting)."""
    delays = settings.SALARY_STEP_DISCIPLINE_DELAY_MONTHS
    return sum(delays.get(form, 0) for form, effective_on in disciplines if effective_on >= step_since)


def _discipline_delay(member: StaffMember) -> int:
    if not member.pk or not member.step_since:
        return 0
    return _delay_months(Discipline.objects.filter(staff_member=member).values_list("form", "effective_on"),
                         member.step_since)


def _refresh_qualifications(member: StaffMember) -> None:
    """Copy the highest level of each kind onto the member, for filters and statistics."""
    rows = list(member.qualifications.values("kind", "level", "field"))

    def highest(kind):
        levels = [row for row in rows if row["kind"] == kind]
        return max(levels, key=lambda row: row["level"]) if levels else None

    education = highest(QualificationKind.EDUCATION)
    member.education_level = education["level"] if education else 0
    member.education_field = education["field"] if education else ""
    member.political_theory = (highest(QualificationKind.POLITICAL_THEORY) or {"level": 0})["level"]
    member.state_management = (highest(QualificationKind.STATE_MANAGEMENT) or {"level": 0})["level"]
    kinds = {row["kind"] for row in rows}
    member.has_it_certificate = QualificationKind.IT in kinds
    member.has_foreign_language = QualificationKind.FOREIGN_LANGUAGE in kinds
    member.has_ethnic_language = QualificationKind.ETHNIC_LANGUAGE in kinds


@transaction.atomic
def staffmember_create(**fields) -> StaffMember:
    """Open a new file."""
    member = StaffMember(**fields)
    member.full_clean()
    _derive(member)
    member.save()
    return member


@transaction.atomic
def staffmember_update(*, member: StaffMember, **fields) -> StaffMember:
    """Change the file; the derived columns follow."""
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    _derive(member)
    member.save()
    return member


def staffmember_refresh(*, member: StaffMember) -> StaffMember:
    """Recompute the derived columns from the file's rows; safe to repeat."""
    _refresh_qualifications(member)
    _derive(member)
    member.save()
    return member


@transaction.atomic
def record_save(*, record, **fields):
    """Add or change one row of a file (qualification, assignment, leave, reward, discipline, support)."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    staffmember_refresh(member=StaffMember.objects.select_for_update().get(pk=record.staff_member_id))
    return record


@transaction.atomic
def record_delete(*, record) -> None:
    """Remove one row of a file; the history keeps what it was."""
    member_id = record.staff_member_id
    if isinstance(record, Discipline):
        _violation_keep_together(record)
    record.delete()
    staffmember_refresh(member=StaffMember.objects.select_for_update().get(pk=member_id))


def _violation_keep_together(decision: Discipline) -> None:
    """Before a decision goes, the decisions linked to it as the same violation stay one violation: they point where it
    pointed or, if it was the first they pointed at, at the earliest of them."""
    linked = list(Discipline.objects.filter(same_violation_as=decision).order_by("effective_on", "pk"))
    target = decision.same_violation_as
    if target is None and linked:
        target, linked = linked[0], linked[1:]
        target.same_violation_as = None
        target.save()
    for other in linked:
        other.same_violation_as = target
        other.save()


@transaction.atomic
def correction_submit(*, member: StaffMember, user, field_name: str, proposed_value: str,
                      reason: str) -> CorrectionRequest:
    """A staff member asks for a correction of their own file; nothing changes until HR approves.

    `field_name` is a detail of the file ("phone") or one of its rows as "kind:id" ("reward:12"), which must be a
    row of this person's own file.
    """
    kind, _sep, row_id = field_name.partition(":")
    record = {}
    if row_id:
        model = CORRECTABLE_ROWS.get(kind)
        row = (model.objects.filter(staff_member=member, pk=int(row_id)).first()
               if model is not None and row_id.isdigit() else None)
        if row is None:
            raise ValidationError({"field_name": _("Choose a row of your own file.")})
        record = {"field_name": kind, "record_id": row.pk, "record_label": row.file_label()[:300]}
    elif field_name not in CORRECTABLE_FIELDS:
        raise ValidationError({"field_name": _("This part of the file cannot be corrected this way.")})
    request = CorrectionRequest(staff_member=member, requested_by=user, proposed_value=proposed_value,
                                reason=reason, **{"field_name": field_name, **record})
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def correction_decide(*, request: CorrectionRequest, user, approve: bool, note: str = "") -> CorrectionRequest:
    """HR approves (the file changes, with history) or rejects a correction request; decided once."""
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if approve and not locked.is_row:
        # A row is corrected by HR through the row's own page; approving records that it was done.
        field = CORRECTABLE_FIELDS[locked.field_name]
        try:
            # The form field reads values as people type them (dates as dd/mm/yyyy).
            value = field.formfield().clean(locked.proposed_value)
        except ValidationError as error:
            raise ValidationError({"proposed_value": error.messages}) from error
        staffmember_update(member=locked.staff_member, **{locked.field_name: value})
    locked.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save()
    return locked



@transaction.atomic
def rank_save(*, form, formset) -> None:
    """Save a rank and its scale, then bring the files on that rank to the new coefficients and due dates.

    Set-based: one UPDATE per step for coefficients, and due dates recomputed in batches.
    """
    rank = form.save()
    formset.save()
    steps = dict(rank.steps.values_list("step", "coefficient"))
    if sorted(steps) != list(range(1, len(steps) + 1)):
        raise ValidationError(_("Salary steps must be numbered 1, 2, 3… without gaps."))
    on_rank = StaffMember.objects.filter(rank=rank)
    for step, coefficient in steps.items():
        on_rank.filter(salary_step=step).update(salary_coefficient=coefficient)
    on_rank.exclude(salary_step__in=list(steps)).update(salary_coefficient=None)
    batch = []
    for member in on_rank.filter(step_since__isnull=False, salary_step__isnull=False).only(
            "id", "salary_step", "step_since").iterator(chunk_size=2000):
        batch.append(member)
        if len(batch) == 2000:
            _due_dates_refresh(batch, rank=rank, step_count=len(steps))
            batch = []
    _due_dates_refresh(batch, rank=rank, step_count=len(steps))


def _due_dates_refresh(members, *, rank, step_count: int) -> None:
    if not members:
        return
    disciplines = {}
    for member_id, form, effective_on in Discipline.objects.filter(
            staff_member_id__in=[member.pk for member in members]).values_list("staff_member_id", "form",
                                                                                "effective_on"):
        disciplines.setdefault(member_id, []).append((form, effective_on))
    for member in members:
        delay = _delay_months(disciplines.get(member.pk, []), member.step_since)
        member.next_step_due = salary.next_step_due(
            step=member.salary_step, step_count=step_count, years_per_step=rank.years_per_step,
            step_since=member.step_since, delay_months=delay) if step_count else None
    StaffMember.objects.bulk_update(members, ["next_step_due"])
