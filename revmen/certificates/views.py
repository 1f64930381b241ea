"""Certificates: a batch's list and its .zip, lookup by number, reprint, an externally signed
copy, revocation; and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.core import ratelimits
from revmen.core.forms import add_validation_errors
from revmen.core.views import job_file_page
from revmen.training.access import get_batch_for_user

from . import access, selectors, services
from .forms import LookupForm, ReasonForm, UploadForm
from .jobs import ZIP_KIND, zip_start
from .pdf import file_name
from .verification import verify as verify_token


@login_required
def batch_certificates(request: HttpRequest, code: str) -> HttpResponse:
    batch = get_batch_for_user(request, code, manage=True)
    certificates = selectors.batch_certificates(batch)
    return render(
        request,
        "certificates/batch.html",
        {"batch": batch, "certificates": certificates},
    )


@login_required
@require_POST
def batch_zip(request: HttpRequest, code: str) -> HttpResponse:
    batch = get_batch_for_user(request, code, manage=True)
    job = zip_start(batch=batch, by=request.user)
    return redirect("certificate_zip", pk=job.pk)


@login_required
def certificate_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """The .zip's progress, then the file (``core.views.job_file_page``)."""
    return job_file_page(
        request,
        pk,
        kind=ZIP_KIND,
        template="certificates/zip.html",
        partial="certificates/_zip.html",
    )


@login_required
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if not access.may_manage_any(person):
        raise Http404
    form = LookupForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.find_by_number(
            access.certificates_managed_by(person), form.cleaned_data["number"]
        )
        if found is not None:
            return redirect("certificate_detail", pk=found.pk)
    return render(
        request,
        "certificates/lookup.html",
        {"form": form, "searched": form.is_bound and form.is_valid()},
    )


def _detail(request: HttpRequest, cert: object, **forms: object) -> HttpResponse:
    context = {
        "cert": cert,
        "upload_form": forms.get("upload_form") or UploadForm(),
        "revoke_form": forms.get("revoke_form") or ReasonForm(),
        "verify_url": selectors.signing.verify_url(cert.token),  # type: ignore[attr-defined]
    }
    return render(request, "certificates/detail.html", context)


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_certificate_for_user(request, pk))


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Reprint: the stored (or uploaded) PDF, rendered first if it never was."""
    cert = access.get_certificate_for_user(request, pk)
    response = HttpResponse(services.certificate_pdf(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(cert)}"'
    return response


@login_required
def certificate_own_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant downloads their own certificate."""
    cert = access.get_own_certificate(request, pk)
    response = HttpResponse(services.certificate_pdf(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(cert)}"'
    return response


@login_required
@require_POST
def certificate_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cert = access.get_certificate_for_user(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.certificate_upload_external(
                certificate=cert, content=form.cleaned_data["file"].read(), by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The externally signed PDF replaces the issued file."))
            return redirect("certificate_detail", pk=cert.pk)
    return _detail(request, cert, upload_form=form)


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    cert = access.get_certificate_for_user(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                certificate=cert, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("certificate_detail", pk=cert.pk)
    return _detail(request, cert, revoke_form=form)


@ratelimits.limit("CERTIFICATE_VERIFY_RATE_LIMIT", key="ip")
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: is this certificate genuine and current? Shows only what the certificate says
    on its face (no NIP, no date of birth)."""
    verdict = verify_token(token)
    response = render(request, "certificates/verify.html", {"v": verdict})
    # Never from a cache (a revocation shows at once; a shared cache keeps no names) and never
    # in a search engine's index (the page names a person).
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
