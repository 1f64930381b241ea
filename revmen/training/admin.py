from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Agenda,
    Attendance,
    AttendanceCorrection,
    Batch,
    Enrolment,
    EvaluationComponent,
    Group,
    Phase,
    PredicateBand,
    Programme,
    Session,
    Subject,
)


class AgendaInline(admin.TabularInline):
    model = Agenda
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class ComponentInline(admin.TabularInline):
    model = EvaluationComponent
    extra = 0


class BandInline(admin.TabularInline):
    model = PredicateBand
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "institute", "pass_mark", "min_attendance"]
    inlines = [AgendaInline, PhaseInline, ComponentInline, BandInline]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "jp", "agenda"]
    list_filter = ["agenda__programme"]


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ["person", "mentor"]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    raw_id_fields = ["coach", "examiner"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "programme", "start_date", "end_date", "capacity", "closed_at"]
    raw_id_fields = ["organiser"]
    inlines = [GroupInline, EnrolmentInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "batch", "starts_at", "jp", "facilitator"]
    list_filter = ["batch"]
    raw_id_fields = ["facilitator"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "person", "status", "checked_in_at"]
    raw_id_fields = ["session", "person"]


@admin.register(AttendanceCorrection)
class AttendanceCorrectionAdmin(admin.ModelAdmin):
    list_display = ["session", "person", "old_status", "new_status", "corrected_by", "corrected_at"]
    raw_id_fields = ["session", "person", "corrected_by"]

    def has_change_permission(
        self, request: HttpRequest, obj: AttendanceCorrection | None = None
    ) -> bool:
        return False  # the audit trail is never edited
