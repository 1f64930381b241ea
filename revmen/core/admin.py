from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "filename", "status", "created_by", "created_at"]
    exclude = ["content"]
    readonly_fields = [
        "kind",
        "filename",
        "status",
        "total",
        "processed",
        "errors",
        "summary",
        "created_by",
        "created_at",
        "finished_at",
    ]
