from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from revmen.core.parts import Section, home_parts


def home_sections(person: object) -> list[Section]:
    """One section per role the signed-in person holds, in the order the apps registered."""
    return [section for part in home_parts() for section in part(person)]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "front/home.html", {"sections": home_sections(request.user)})
