"""Pages of the staff file: the list, a person's file, editing it, forecasts, corrections, positions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors
from batxat_portal.paper import pdf_response
from batxat_portal.widgets import search_results
from staff import paper, reports, selectors, services
from staff.forms import (
    RECORD_FIELDS,
    CorrectionDecisionForm,
    CorrectionRequestForm,
    ForecastForm,
    ImportForm,
    PhotoForm,
    PositionForm,
    RankForm,
    SalaryStepFormSet,
    StaffFilterForm,
    StaffMemberForm,
    StatisticsForm,
    record_form_class,
)
from staff.models import CorrectionRequest, JobPosition
from staff.services import imports
from staff.services.people import CORRECTABLE_FIELDS

__all__ = [
    "CorrectionDecideView", "CorrectionListView", "CorrectionRequestCreateView", "ForecastView", "MyFileView",
    "PositionCreateView", "PositionListView", "PositionUpdateView", "RecordDeleteView", "RecordFormView",
    "StaffCreateView", "StaffDetailView", "StaffListView", "StaffUpdateView", "StatisticsView", "staff_export",
    "user_search", "position_search", "ImportView", "ImportPreviewView", "import_template", "RankListView",
    "RankUpdateView", "StaffPhotoView", "personal_record_pdf", "staff_photo",
]


def _filter_form(request):
    units = selectors.filter_units_for(user=request.user)
    positions = selectors.position_list_for(user=request.user)
    return StaffFilterForm(request.GET or None, units=units, positions=positions)


def _filters(form) -> dict:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


class StaffListView(PermissionRequiredMixin, TemplateView):
    """The staff list: filters, and pages read without counting the whole set (Previous/Next)."""

    permission_required = "staff.view_staffmember"
    template_name = "staff/staffmember_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        filter_form = _filter_form(self.request)
        page = selectors.staff_page_for(user=self.request.user, filters=_filters(filter_form),
                                        page=self.request.GET.get("page"), per_page=self.paginate_by)
        return super().get_context_data(filter_form=filter_form, page_obj=page, object_list=page.object_list,
                                        **kwargs)


@require_GET
@permission_required(["staff.view_staffmember", "staff.export_staffmember"], raise_exception=True)
def staff_export(request):
    """The list exactly as filtered on screen, as an Excel file."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest()
    members = selectors.staff_list_for(user=request.user, filters=_filters(form))
    return reports.staff_list_workbook(members=members, today=timezone.localdate())


class StaffFileMixin(PermissionRequiredMixin):
    @cached_property
    def member(self):
        return selectors.staff_file_for(user=self.request.user, pk=self.kwargs["pk"])


class StaffDetailView(StaffFileMixin, TemplateView):
    permission_required = "staff.view_staffmember"
    template_name = "staff/staffmember_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**file_context(self.member), **kwargs)


def file_context(member) -> dict:
    """What a file page shows; shared by HR's view of a file and a person's view of their own."""
    today = timezone.localdate()
    return {
        "member": member,
        "today": today,
        "age": member.age_on(today),
        "gaps": selectors.staff_gaps(member=member),
        "history": selectors.staff_history(member=member),
        "record_kinds": RECORD_FIELDS,
        "current_leave": selectors.current_leave(member=member, today=today),
    }


class StaffPhotoView(StaffFileMixin, FormView):
    """HR puts a photo on a file: checked by its content and re-encoded (services.photos)."""

    permission_required = "staff.change_staffmember"
    form_class = PhotoForm
    template_name = "staff/photo_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def form_valid(self, form):
        try:
            services.staffmember_photo_set(member=self.member, upload=form.cleaned_data["photo"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved the photo."))
        return redirect("staff:staff_detail", pk=self.member.pk)


@require_GET
@never_cache
def staff_photo(request, pk):
    """The photo of a file, for whoever reads files in its unit and for the person themself; never a public file."""
    member = selectors.staff_file_or_own(user=request.user, pk=pk, rows=False)
    if not member.photo:
        return redirect(static("img/no-photo.svg"))
    try:
        file = member.photo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@never_cache
def personal_record_pdf(request, pk):
    """The printable personal record (sơ yếu lý lịch) of a file: for HR of the unit and for the person themself."""
    member = selectors.staff_file_or_own(user=request.user, pk=pk)
    return pdf_response(request, lambda: paper.personal_record_pdf(member=member),
                        filename=f"so-yeu-ly-lich-{member.pk}.pdf", unavailable="staff/paper_unavailable.html",
                        context={"member": member})


class StaffFormMixin(PermissionRequiredMixin):
    form_class = StaffMemberForm
    template_name = "staff/staffmember_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units_in_scope"] = selectors.orgunit_list_for(user=self.request.user)
        kwargs["positions"] = selectors.position_list_for(user=self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            member = self.save_member(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved the file of %(name)s.") % {"name": member.full_name})
        return redirect("staff:staff_detail", pk=member.pk)


class StaffCreateView(StaffFormMixin, FormView):
    permission_required = "staff.add_staffmember"

    def save_member(self, data):
        return services.staffmember_create(**data)


class StaffUpdateView(StaffFileMixin, StaffFormMixin, FormView):
    permission_required = "staff.change_staffmember"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.member}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def save_member(self, data):
        return services.staffmember_update(member=self.member, **data)


class RecordMixin(StaffFileMixin):
    """One row of a file (a qualification, a career step, …), added, changed or removed by HR."""

    permission_required = "staff.change_staffmember"

    @cached_property
    def kind(self):
        if self.kwargs["kind"] not in RECORD_FIELDS:
            raise Http404
        return self.kwargs["kind"]

    @cached_property
    def record(self):
        model = RECORD_FIELDS[self.kind][0]
        if "record_pk" not in self.kwargs:
            return model(staff_member=self.member)
        return selectors.staff_record_for(model=model, member=self.member, pk=self.kwargs["record_pk"])


class RecordFormView(RecordMixin, FormView):
    template_name = "staff/record_form.html"

    def get_form_class(self):
        return record_form_class(self.kind)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.record}

    def get_context_data(self, **kwargs):
        model = RECORD_FIELDS[self.kind][0]
        return super().get_context_data(member=self.member, record=self.record, kind=self.kind,
                                        kind_label=model._meta.verbose_name, **kwargs)

    def form_valid(self, form):
        try:
            services.record_save(record=self.record, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(f"{self.member_url()}#{self.kind}")

    def member_url(self):
        from django.urls import reverse

        return reverse("staff:staff_detail", kwargs={"pk": self.member.pk})


class RecordDeleteView(RecordMixin, TemplateView):
    template_name = "staff/record_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, record=self.record, **kwargs)

    def post(self, request, *args, **kwargs):
        services.record_delete(record=self.record)
        messages.success(request, _("Removed; the file's history keeps what it was."))
        return redirect("staff:staff_detail", pk=self.member.pk)


FORECAST_ROWS = 200


class ForecastView(PermissionRequiredMixin, TemplateView):
    permission_required = "staff.view_staffmember"
    template_name = "staff/forecast.html"

    def get_context_data(self, **kwargs):
        form = ForecastForm(self.request.GET or None, units=selectors.orgunit_list_for(user=self.request.user))
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        months = data.get("months") or 12
        # A province can have thousands due: the page shows the first ones and the count.
        forecast = selectors.forecast_page(user=self.request.user, months=months, unit=data.get("unit"),
                                           rows=FORECAST_ROWS)
        return super().get_context_data(form=form, months=months, shown=FORECAST_ROWS, **forecast,
                                         today=timezone.localdate(), **kwargs)


class MyFileView(TemplateView):
    """A person's own file, read-only, with their correction requests."""

    template_name = "staff/my_file.html"

    def get_context_data(self, **kwargs):
        member = selectors.staff_own_file(user=self.request.user)
        context = {"member": None}
        if member is not None:
            context = file_context(member)
            context["requests"] = selectors.own_correction_requests(member=member)
        return super().get_context_data(**context, **kwargs)


class CorrectionRequestCreateView(FormView):
    template_name = "staff/correction_form.html"
    form_class = CorrectionRequestForm

    @cached_property
    def member(self):
        member = selectors.staff_own_file(user=self.request.user)
        if member is None:
            raise Http404
        return member

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "correctable": CORRECTABLE_FIELDS,
                "rows": selectors.own_file_row_choices(member=self.member)}

    def get_initial(self):
        # "Ask to correct" beside a row of one's file comes with that row; the form offers only one's own rows.
        return {"field_name": self.request.GET.get("row", "")[:40]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def form_valid(self, form):
        try:
            services.correction_submit(member=self.member, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request was sent to HR. Your file changes only if they approve it."))
        return redirect("staff:my_file")


class CorrectionListView(PermissionRequiredMixin, ListView):
    permission_required = "staff.change_correctionrequest"
    template_name = "staff/correction_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.status = self.request.GET.get("status", "pending")
        return selectors.correction_requests_for(user=self.request.user, status=self.status
                                                 if self.status in ("pending", "approved", "rejected") else "")

    def get_context_data(self, **kwargs):
        return super().get_context_data(status=self.status, decision_form=CorrectionDecisionForm(),
                                        field_labels=correction_labels(), **kwargs)


def correction_labels() -> dict:
    """What a request is about, by its field_name: a detail of the file, or a kind of row."""
    return {**{name: field.verbose_name for name, field in CORRECTABLE_FIELDS.items()},
            **{kind: model._meta.verbose_name for kind, (model, _fields) in RECORD_FIELDS.items()}}


class CorrectionDecideView(PermissionRequiredMixin, FormView):
    permission_required = "staff.change_correctionrequest"
    form_class = CorrectionDecisionForm
    template_name = "staff/correction_decide.html"

    @cached_property
    def request_obj(self) -> CorrectionRequest:
        return selectors.correction_request_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        item = self.request_obj
        if item.is_row:
            # HR corrects the row through its own page, then settles the request here.
            row = selectors.correction_row(item=item)
            return super().get_context_data(
                item=item, field_label=correction_labels().get(item.field_name, item.field_name), row=row,
                current_value=row.file_label() if row is not None else None, **kwargs)
        return super().get_context_data(
            item=item, field_label=CORRECTABLE_FIELDS[item.field_name].verbose_name,
            current_value=getattr(item.staff_member, item.field_name), **kwargs)

    def form_valid(self, form):
        try:
            services.correction_decide(request=self.request_obj, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision saved; the person sees it on their file page."))
        return redirect("staff:correction_list")


class PositionListView(PermissionRequiredMixin, ListView):
    permission_required = "staff.view_jobposition"
    template_name = "staff/position_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.position_list_with_holders_for(user=self.request.user,
                                                        search=self.request.GET.get("q", "")[:100])


class PositionFormMixin(PermissionRequiredMixin):
    form_class = PositionForm
    template_name = "staff/position_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units_in_scope": selectors.orgunit_list_for(user=self.request.user)}

    def form_valid(self, form):
        position = form.save(commit=False)
        try:
            position.full_clean()
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        position.save()
        messages.success(self.request, _("Saved the position “%(name)s”.") % {"name": position.name})
        return redirect("staff:position_list")


class PositionCreateView(PositionFormMixin, FormView):
    permission_required = "staff.add_jobposition"


class PositionUpdateView(PositionFormMixin, FormView):
    permission_required = "staff.change_jobposition"

    @cached_property
    def position(self) -> JobPosition:
        return selectors.position_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.position}

    def get_context_data(self, **kwargs):
        return super().get_context_data(position=self.position, **kwargs)


@require_GET
@permission_required("staff.change_staffmember", raise_exception=True)
def user_search(request):
    """htmx: accounts to link to a file, by name or user name without diacritics."""
    return search_results(request, lambda term: selectors.user_list(search=term))


@require_GET
@permission_required("staff.view_staffmember", raise_exception=True)
def position_search(request):
    """htmx: positions in the person's units, by name without diacritics."""
    return search_results(request, lambda term: selectors.position_list_for(user=request.user, search=term))



class StatisticsView(PermissionRequiredMixin, TemplateView):
    """Head counts per unit as of a date; the Excel download holds exactly the same numbers."""

    permission_required = "staff.view_staffmember"
    template_name = "staff/statistics.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        data.setdefault("as_of", timezone.localdate().strftime("%d/%m/%Y"))
        form = StatisticsForm(data)
        as_of = form.cleaned_data["as_of"] if form.is_valid() else timezone.localdate()
        by_agency = (form.cleaned_data.get("by") if form.is_valid() else "") != "unit"
        tables = reports.statistics_tables(selectors.staff_statistics(user=request.user, as_of=as_of),
                                           by_agency=by_agency)
        if request.GET.get("format") == "xlsx" and form.is_valid():
            if not request.user.has_perm("staff.export_staffmember"):
                raise PermissionDenied
            return reports.statistics_workbook(tables=tables, as_of=as_of)
        return self.render_to_response(self.get_context_data(form=form, as_of=as_of, tables=tables))


class ImportView(PermissionRequiredMixin, FormView):
    """Step 1: upload. The file is checked and kept; nothing is imported until the preview is confirmed."""

    permission_required = "staff.import_staffmember"
    form_class = ImportForm
    template_name = "staff/import_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units_in_scope": selectors.orgunit_list_for(user=self.request.user)}

    def get_initial(self):
        # "Upload a corrected file" comes back with the unit chosen before; one outside the person's units shows
        # nothing, since the field offers only those.
        unit = self.request.GET.get("org_unit", "")
        return {"org_unit": unit} if unit.isdigit() else {}

    def form_valid(self, form):
        try:
            batch = imports.import_upload(upload=form.cleaned_data["file"], org_unit=form.cleaned_data["org_unit"],
                                          user=self.request.user)
        except imports.SpreadsheetError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return redirect("staff:import_preview", pk=batch.pk)


class ImportPreviewView(PermissionRequiredMixin, TemplateView):
    """Step 2: what each row would do, every error with its row and column; confirming writes it."""

    permission_required = "staff.import_staffmember"
    template_name = "staff/import_preview.html"

    @cached_property
    def batch(self):
        return selectors.import_batch_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        try:
            results = imports.import_preview(batch=self.batch)
        except imports.SpreadsheetError as error:
            results, kwargs["file_error"] = [], error.message
        counts = {action: sum(1 for r in results if r.action == action and not r.errors)
                  for action in ("create", "update", "unchanged")}
        errors = [error for result in results for error in result.errors]
        return super().get_context_data(batch=self.batch, results=results, counts=counts, errors=errors, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            batch = imports.import_apply(batch=self.batch, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("staff:import_preview", pk=self.batch.pk)
        messages.success(request, _("Imported: %(created)s new files, %(updated)s updated.")
                         % {"created": batch.created_count, "updated": batch.updated_count})
        return redirect("staff:staff_list")


@require_GET
@permission_required("staff.import_staffmember", raise_exception=True)
def import_template(request):
    return imports.template_response()


class RankListView(PermissionRequiredMixin, ListView):
    permission_required = "staff.view_rank"
    template_name = "staff/rank_list.html"

    def get_queryset(self):
        return selectors.rank_list()


class RankUpdateView(PermissionRequiredMixin, TemplateView):
    """A rank and its salary scale, edited together; the staff files on it pick up new coefficients."""

    permission_required = "staff.change_rank"
    template_name = "staff/rank_form.html"

    @cached_property
    def rank(self):
        return selectors.rank_for(pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(
            form=RankForm(instance=self.rank), formset=SalaryStepFormSet(instance=self.rank)))

    def post(self, request, *args, **kwargs):
        form = RankForm(request.POST, instance=self.rank)
        formset = SalaryStepFormSet(request.POST, instance=self.rank)
        if form.is_valid() and formset.is_valid():
            try:
                services.rank_save(form=form, formset=formset)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved the rank and its salary scale."))
                return redirect("staff:rank_list")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
