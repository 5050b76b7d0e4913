from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from staff import services
from staff.models import CorrectionRequest, JobPosition, OrgUnit, Rank, SalaryStep, StaffMember, User


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "search_key", "code"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["successors"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "successors"}
        if change:
            services.orgunit_update(unit=obj, **fields)
        else:
            created = services.orgunit_create(**fields)
            obj.pk, obj.path = created.pk, created.path


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "search_key", "email"]
    filter_horizontal = ["groups", "user_permissions"]
    autocomplete_fields = ["org_units"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["full_name", "phone", "org_units"]}),
    ]
    actions = ["unlock"]

    @admin.action(description=_("Lift the sign-in lockout"))
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_unlock(user=user)


class SalaryStepInline(admin.TabularInline):
    model = SalaryStep
    extra = 0


@admin.register(Rank)
class RankAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "years_per_step", "sort_order", "is_active"]
    inlines = [SalaryStepInline]


@admin.register(JobPosition)
class JobPositionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_unit", "group", "required_rank", "approved_headcount", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["org_unit"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    """Read here, write through the portal's pages: they keep the derived columns true."""

    list_display = ["full_name", "org_unit", "rank", "status", "retirement_date"]
    list_filter = ["status", "category", "gender"]
    search_fields = ["search_key", "id_number"]
    list_select_related = ["org_unit", "rank"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["staff_member", "field_name", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["staff_member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
