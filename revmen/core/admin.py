from django.contrib import admin

from .models import Job


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

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
