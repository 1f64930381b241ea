from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("culture/", views.wave_list, name="wave_list"),
    path("culture/<str:code>/new/", views.wave_create, name="wave_create"),
    path("culture/waves/<int:pk>/", views.wave_detail, name="wave_detail"),
    path("culture/waves/<int:pk>/tokens/", views.wave_tokens, name="wave_tokens"),
    path("culture/waves/<int:pk>/headcounts/", views.wave_headcounts, name="wave_headcounts"),
    path("culture/waves/<int:pk>/poster/", views.wave_poster, name="wave_poster"),
    path("culture/waves/<int:pk>/extend/", views.wave_extend, name="wave_extend"),
    path("culture/waves/<int:pk>/remind/", views.wave_remind, name="wave_remind"),
    path("culture/waves/<int:pk>/reminder/", views.wave_reminder, name="wave_reminder"),
    path("culture/waves/<int:pk>/close/", views.wave_close, name="wave_close"),
    path("culture/waves/<int:pk>/closing/", views.wave_closing, name="wave_closing"),
    path("culture/waves/<int:pk>/report/", views.wave_report, name="wave_report"),
    path("culture/waves/<int:pk>/pdf/", views.wave_pdf, name="wave_pdf"),
    path("culture/waves/<int:pk>/responses/", views.wave_responses, name="wave_responses"),
    path("culture/exports/<int:pk>/", views.wave_export, name="wave_export"),
    path("c/<str:key>/", views.wave_link, name="wave_link"),
]
