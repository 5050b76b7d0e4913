from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from staff import services
from staff.models import OrgUnit, User


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
