"""The impact dashboard of a batch, a programme and an institute; its .xlsx and its PDF (made
in the background, with progress)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from revmen.core.exports import download
from revmen.core.views import job_file_page

from . import access, exports, selectors


def _scope(request: HttpRequest, scope: str, code: str) -> str:
    """The scope's title after the permission check (404 for outsiders and unknown scopes)."""
    if scope == "batch":
        return access.get_batch(request, code).code
    if scope == "programme":
        return access.get_programme(request, code).code
    if scope == "institute":
        return access.get_institute(request, code).code
    raise Http404


@login_required
def impact_index(request: HttpRequest) -> HttpResponse:
    """The institutes whose dashboards this person may see; straight to it when only one."""
    institutes = list(access.institutes_of(request))
    if not institutes:
        raise Http404
    if len(institutes) == 1:
        return redirect("impact_institute", code=institutes[0].code)
    return render(request, "impact/index.html", {"institutes": institutes})


@login_required
def batch_impact(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch(request, code)
    chain = selectors.chain_of(batch)
    return render(request, "impact/batch.html", {"batch": batch, "chain": chain, "scope": "batch"})


@login_required
def programme_impact(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme(request, code)
    rows = [selectors.headline(c) for c in selectors.programme_chain(programme)["batches"]]
    return render(
        request,
        "impact/programme.html",
        {"programme": programme, "rows": rows, "scope": "programme", "code": programme.code},
    )


@login_required
def institute_impact(request: HttpRequest, code: str) -> HttpResponse:
    institute = access.get_institute(request, code)
    return render(
        request,
        "impact/institute.html",
        {
            "institute": institute,
            "years": selectors.institute_years(institute)["years"],
            "scope": "institute",
            "code": institute.code,
        },
    )


@login_required
def impact_xlsx(request: HttpRequest, scope: str, code: str) -> HttpResponse:
    _scope(request, scope, code)
    title, chains = exports.chains_of(scope, code)
    return download(exports.chains_xlsx(title, chains))


@login_required
@require_POST
def impact_pdf(request: HttpRequest, scope: str, code: str) -> HttpResponse:
    _scope(request, scope, code)
    job = exports.export_request(scope=scope, code=code, person=request.user)
    return redirect("impact_export", pk=job.pk)


@login_required
def impact_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's progress, then the file (``core.views.job_file_page``)."""
    return job_file_page(
        request,
        pk,
        kind=exports.PDF_KIND,
        template="impact/export.html",
        partial="impact/_export.html",
    )
