from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, CorrectionRequest, Person, Role, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "timezone"]
    list_filter = ["kind", "timezone"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["agency", "path", "depth"]
    list_filter = ["depth"]
    search_fields = ["agency__code", "path"]
    list_select_related = ["agency"]
    raw_id_fields = ["parent"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ["name", "nip", "email", "agency", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_pppk", "agency__kind"]
    search_fields = ["name", "nip", "email", "username"]
    ordering = ["name"]
    list_select_related = ["agency"]
    raw_id_fields = ["unit"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "ASN",
            {
                "fields": [
                    "nip",
                    "is_pppk",
                    "name",
                    "email",
                    "birth_place",
                    "birth_date",
                    "sex",
                    "pangkat_golongan",
                    "jabatan",
                    "agency",
                    "unit",
                    "timezone",
                ]
            },
        ),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
    ]
    add_fieldsets = [(None, {"fields": ["username", "name", "email", "password1", "password2"]})]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "agency", "unit"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "unit"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "field", "status", "created_at", "handled_by"]
    list_filter = ["status", "field"]
    search_fields = ["person__name", "person__nip"]
    raw_id_fields = ["person", "handled_by"]
