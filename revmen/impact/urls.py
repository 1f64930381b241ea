from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("dampak/", views.impact_index, name="impact_index"),
    path("dampak/angkatan/<str:code>/", views.batch_impact, name="impact_batch"),
    path("dampak/program/<str:code>/", views.programme_impact, name="impact_programme"),
    path("dampak/lembaga/<str:code>/", views.institute_impact, name="impact_institute"),
    path("dampak/<str:scope>/<str:code>/xlsx/", views.impact_xlsx, name="impact_xlsx"),
    path("dampak/<str:scope>/<str:code>/pdf/", views.impact_pdf, name="impact_pdf"),
    path("dampak/unduhan/<int:pk>/", views.impact_export, name="impact_export"),
]
