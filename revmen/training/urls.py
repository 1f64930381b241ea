"""Training pages: programmes, batches, enrolment, sessions, attendance."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
