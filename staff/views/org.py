
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors, row_id
from batxat_portal.widgets import search_results
from staff import selectors, services
from staff.forms import OrgUnitFilterForm, OrgUnitForm, SignInLockLiftForm, UserFilterForm, UserForm
from staff.selectors import accounts
from staff.selectors import org as org_selectors


class OrgUnitListView(PermissionRequiredMixin, ListView):
    permission_required = "staff.view_orgunit"
    template_name = "staff/orgunit_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = OrgUnitFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.orgunit_list_for(
            user=self.request.user, search=data.get("q", ""), status=data.get("status", ""),
            on_date=timezone.localdate(),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, today=timezone.localdate(), **kwargs)


class OrgUnitDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "staff.view_orgunit"
    template_name = "staff/orgunit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return selectors.orgunit_list_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**org_selectors.orgunit_relations(unit=self.object, user=self.request.user),
                                        today=timezone.localdate(), **kwargs)


class OrgUnitFormMixin(PermissionRequiredMixin):
    form_class = OrgUnitForm
    template_name = "staff/orgunit_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units_in_scope"] = selectors.orgunit_list_for(user=self.request.user)
        # Only people who see every unit may add a unit at the top of the tree.
        kwargs["may_add_roots"] = selectors.unit_paths_for(self.request.user) is selectors.ALL_UNITS
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        successors = data.pop("successors")
        try:
            unit = self.save_unit(data, successors)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved “%(name)s”.") % {"name": unit.name})
        return redirect("staff:orgunit_detail", pk=unit.pk)


class OrgUnitCreateView(OrgUnitFormMixin, FormView):
    permission_required = "staff.add_orgunit"

    def get_initial(self):
        parent_id = row_id(self.request.GET.get("parent"))
        return {"parent": parent_id} if parent_id else {}

    def save_unit(self, data, successors):
        return services.orgunit_create(successors=successors, **data)


class OrgUnitUpdateView(OrgUnitFormMixin, FormView):
    permission_required = "staff.change_orgunit"

    @cached_property
    def unit(self):
        return org_selectors.orgunit_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    def save_unit(self, data, successors):
        return services.orgunit_update(unit=self.unit, successors=successors, **data)


@require_GET
@permission_required("staff.view_orgunit", raise_exception=True)
def orgunit_search(request):
    """htmx: units in the person's scope whose name (without diacritics) or code matches."""
    return search_results(request, lambda term: selectors.orgunit_list_for(user=request.user, search=term))


class UserListView(PermissionRequiredMixin, ListView):
    permission_required = "staff.view_user"
    template_name = "staff/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = UserFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.user_list(search=data.get("q", ""), role=data.get("role", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class UserFormMixin(PermissionRequiredMixin):
    form_class = UserForm
    template_name = "staff/user_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            user = self.save_user(data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved the account “%(username)s”.") % {"username": user.username})
        return redirect("staff:user_list")


class UserCreateView(UserFormMixin, FormView):
    permission_required = "staff.add_user"

    def save_user(self, data):
        return services.user_create(**data)


class UserUpdateView(UserFormMixin, FormView):
    permission_required = "staff.change_user"

    @cached_property
    def account(self):
        return accounts.account_for(pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account,
                                        access_history=accounts.account_access_history(user=self.account),
                                        sign_in_locks=accounts.account_sign_in_locks(user=self.account), **kwargs)

    def save_user(self, data):
        return services.user_update(user=self.account, **data)


@require_POST
@permission_required("staff.change_user", raise_exception=True)
def user_unlock(request, pk):
    account = accounts.account_for(pk=pk)
    services.user_unlock(user=account)
    messages.success(request, _("“%(username)s” can sign in again.") % {"username": account.username})
    return redirect("staff:user_edit", pk=account.pk)


class SignInLockListView(PermissionRequiredMixin, TemplateView):
    """The sign-in locks in force (wrong passwords), for the system administrator to lift one early."""

    permission_required = "staff.view_user"
    template_name = "staff/sign_in_locks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(locks=accounts.sign_in_locks(), **kwargs)


@require_POST
@permission_required("staff.change_user", raise_exception=True)
def sign_in_lock_lift(request):
    form = SignInLockLiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That lock is not known. The list shows the locks in force now."))
        return redirect("staff:sign_in_locks")
    address, username = form.cleaned_data["ip_address"], form.cleaned_data["username"]
    services.sign_in_lock_lift(ip_address=address, username=username)
    if username:
        messages.success(request, _("“%(username)s” can sign in from %(address)s again.")
                         % {"username": username, "address": address})
    else:
        messages.success(request, _("Accounts can sign in from %(address)s again.") % {"address": address})
    return redirect("staff:sign_in_locks")


class AccountView(TemplateView):
    """The signed-in person's own account: roles, units, password."""

    template_name = "staff/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            roles=accounts.account_role_labels(user=user),
            units=accounts.account_units(user=user),
            **kwargs,
        )

