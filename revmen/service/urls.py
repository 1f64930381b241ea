from django.urls import URLPattern, URLResolver, path

from . import public_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    # public, no account
    path("layanan/pengaduan/lacak/", public_views.complaint_track, name="service_track"),
    path("layanan/<slug:slug>/", public_views.service_page, name="service_page"),
    path(
        "layanan/<slug:slug>/standar/<int:number>/",
        public_views.standard_version,
        name="service_standard_version",
    ),
    path("layanan/<slug:slug>/skm/", public_views.skm_answer_page, name="service_skm"),
    path("layanan/s/<str:key>/", public_views.skm_by_key, name="service_skm_key"),
    path("layanan/<slug:slug>/kiosk/", public_views.kiosk_page, name="service_kiosk"),
    path(
        "layanan/<slug:slug>/kiosk/pasang/",
        public_views.kiosk_pair_view,
        name="service_kiosk_pair",
    ),
    path("layanan/<slug:slug>/pengaduan/", public_views.complaint_send, name="service_complain"),
    # managing
    path("kelola/layanan/", views.service_list, name="service_list"),
    path("kelola/layanan/<slug:slug>/", views.service_manage, name="service_manage"),
    path("kelola/layanan/<slug:slug>/poster/", views.poster, name="service_poster"),
    path("kelola/layanan/<slug:slug>/standar/", views.standard_edit, name="service_standard"),
    path(
        "kelola/layanan/<slug:slug>/standar/setujui/",
        views.standard_approve_view,
        name="service_standard_approve",
    ),
    path("kelola/layanan/<slug:slug>/periode/", views.period_open_view, name="service_period_open"),
    path(
        "kelola/layanan/<slug:slug>/periode/<int:pk>/", views.period_detail, name="service_period"
    ),
    path(
        "kelola/layanan/<slug:slug>/periode/<int:pk>/tutup/",
        views.period_close_view,
        name="service_period_close",
    ),
    path(
        "kelola/layanan/<slug:slug>/periode/<int:pk>/unduh/<str:fmt>/",
        views.period_export,
        name="service_period_export",
    ),
    path("kelola/layanan/<slug:slug>/kiosk/", views.kiosks, name="service_kiosks"),
    path("kelola/layanan/<slug:slug>/pengaduan/", views.complaints, name="service_complaints"),
    path(
        "kelola/layanan/<slug:slug>/pengaduan/<int:pk>/",
        views.complaint_detail,
        name="service_complaint",
    ),
]
