from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("batches/<str:code>/certificates/", views.batch_certificates, name="batch_certificates"),
    path("batches/<str:code>/certificates/zip/", views.batch_zip, name="batch_certificates_zip"),
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/zip/<int:pk>/", views.certificate_zip, name="certificate_zip"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/upload/", views.certificate_upload, name="certificate_upload"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("verify/<str:token>/", views.verify, name="certificate_verify"),
]
