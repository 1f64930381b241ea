"""Training pages: programmes, batches, enrolment, sessions, attendance."""

from __future__ import annotations

from django.urls import path

from . import programme_views as programmes
from . import session_views as sessions
from . import views

urlpatterns = [
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<str:code>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<str:code>/agendas/", programmes.agenda_add, name="agenda_add"),
    path("programmes/<str:code>/subjects/", programmes.subject_add, name="subject_add"),
    path("programmes/<str:code>/phases/", programmes.phase_add, name="phase_add"),
    path("programmes/<str:code>/scheme/", programmes.scheme_edit, name="scheme_edit"),
    path("programmes/<str:code>/copy/", programmes.programme_copy, name="programme_copy"),
    path("programmes/<str:code>/batches/new/", programmes.batch_create, name="batch_create"),
    path("batches/<str:code>/", views.batch_detail, name="batch_detail"),
    path("batches/<str:code>/edit/", programmes.batch_edit, name="batch_edit"),
    path("batches/<str:code>/staff/", programmes.batch_staff, name="batch_staff"),
    path("batches/<str:code>/staff/add/", programmes.staff_add, name="staff_add"),
    path("batches/<str:code>/staff/subjects/", programmes.assignment_add, name="assignment_add"),
    path("batches/<str:code>/staff/groups/", programmes.group_add, name="group_add"),
    path("batches/<str:code>/staff/mentors/", programmes.mentor_set, name="mentor_set"),
    path(
        "batches/<str:code>/staff/groups/move/",
        programmes.group_member_move,
        name="group_member_move",
    ),
    path(
        "batches/<str:code>/staff/groups/<int:pk>/remove/",
        programmes.group_member_remove,
        name="group_member_remove",
    ),
    path("batches/<str:code>/timetable/", sessions.timetable, name="timetable"),
    path("batches/<str:code>/timetable.ics", sessions.timetable_ics, name="timetable_ics"),
    path("batches/<str:code>/sessions/new/", sessions.session_create, name="session_create"),
    path("batches/<str:code>/sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("batches/<str:code>/sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path(
        "batches/<str:code>/sessions/<int:pk>/delete/",
        sessions.session_delete,
        name="session_delete",
    ),
    path(
        "batches/<str:code>/sessions/<int:pk>/checkin-code/",
        sessions.checkin_open,
        name="checkin_open",
    ),
    path("batches/<str:code>/sessions/<int:pk>/checkin/", sessions.checkin, name="checkin"),
    path(
        "batches/<str:code>/sessions/<int:pk>/roll-call/",
        sessions.attendance_roll_call,
        name="attendance_roll_call",
    ),
    path(
        "batches/<str:code>/sessions/<int:pk>/correct/",
        sessions.attendance_correct,
        name="attendance_correct",
    ),
    path("batches/<str:code>/enrol/", views.enrol, name="enrol"),
    path("batches/<str:code>/enrol/add/", views.participant_add, name="participant_add"),
    path("batches/<str:code>/enrol/<int:pk>/", views.enrol_job, name="enrol_job"),
    path("batches/<str:code>/enrol/template.xlsx", views.enrol_template, name="enrol_template"),
    path("batches/<str:code>/enrolments.xlsx", views.enrolment_export, name="enrolment_export"),
]
