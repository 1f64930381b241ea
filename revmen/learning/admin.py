"""The admin shows the learning app's records without their text: journal entries, feedback
and commitments are read only by their writer, the batch's facilitators and the writer's coach
(``learning.access``), never in the back office. Entries show counts; nothing can be edited
here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from .models import Commitment, Entry, Material, Prompt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    """Counts only: which prompt, whose, how many versions and answers; never the text, the
    feedback, the mood read from it or its vector."""

    list_display = ["pk", "prompt_id", "person", "revisions_count", "feedback_count", "updated_at"]
    fields = ("prompt", "person", "revisions_count", "feedback_count", "created_at", "updated_at")
    readonly_fields = fields
    list_select_related = ["person"]
    # No search_fields: searching would match the text.

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entry]:
        return (
            super()
            .get_queryset(request)
            .defer("text", "vector", "affect_values")
            .annotate(_feedback=Count("feedback"))
        )

    @admin.display(description="feedback")
    def feedback_count(self, entry: Entry) -> int:
        return int(getattr(entry, "_feedback", 0))


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "batch", "person", "value", "updated_at"]
    fields = ("batch", "person", "value", "updated_at")
    readonly_fields = fields


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["pk", "session", "deadline", "entries_count"]
    raw_id_fields = ["session", "created_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Prompt]:
        return super().get_queryset(request).annotate(_entries=Count("entries"))

    @admin.display(description="entries")
    def entries_count(self, prompt: Prompt) -> int:
        return int(getattr(prompt, "_entries", 0))


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "programme", "file_name", "file_size"]
    exclude = ["file_content"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["sessions"]
