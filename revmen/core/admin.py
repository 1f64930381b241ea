from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import AuditEntry, Job, Notice, OutboxMessage, PeriodicRun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: who ran what and how it went. Uploads and made files stay out of the page."""

    list_display = ["kind", "filename", "target", "status", "owner", "created_at"]
    list_filter = ["kind", "status"]
    exclude = ["content", "file"]
    readonly_fields = [
        "kind",
        "target",
        "filename",
        "status",
        "step",
        "done",
        "total",
        "error",
        "params",
        "result",
        "file_name",
        "content_type",
        "owner",
        "created_at",
        "updated_at",
        "finished_at",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written by hand: these rows are written by the services that own them."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["address", "subject", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["address", "subject"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["person", "subject", "created_at", "read_at"]
    search_fields = ["subject"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "runs"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: nobody may add, change or delete an entry, not even a superuser."""

    list_display = ["at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_name", "note"]
