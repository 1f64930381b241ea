"""The OpenAPI document, the browsable docs, and the page where people manage their tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from revmen.accounts import access
from revmen.accounts.models import Agency, RoleKind

from .forms import TokenForm
from .models import ApiToken
from .openapi import document_json
from .tokens import API_ROLES, TokenError, token_create, token_revoke, tokens_manageable_by


@require_GET
def openapi_document(request: HttpRequest) -> HttpResponse:
    return HttpResponse(document_json(), content_type="application/json")


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")


def _token_agencies(request: HttpRequest) -> object:
    person = access.person_of(request)
    if access.is_platform_admin(person):
        return Agency.objects.order_by("code")
    ids = {r.agency_id for kind in API_ROLES for r in access.roles_of(person, kind)}
    return Agency.objects.filter(pk__in=ids).order_by("code")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Your tokens (and, for an agency admin, the agency's): make one, see them, revoke."""
    person = access.person_of(request)
    agencies = _token_agencies(request)
    form = TokenForm(request.POST or None, agencies=agencies)
    secret = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, secret = token_create(
                person=person,
                agency=data["agency"],
                write=data["write"],
                label=data["label"],
                expires_on=data["expires_on"],
                actor=person,
            )
        except TokenError as error:
            form.add_error(None, _(error.msgid).format(**error.params))
        else:
            form = TokenForm(agencies=agencies)
    tokens = (
        ApiToken.objects.filter(tokens_manageable_by(person))
        .select_related("person", "agency")
        .order_by("-created_at", "-pk")
    )
    context = {
        "form": form,
        "tokens": tokens,
        "secret": secret,
        "may_create": bool(list(agencies)),  # type: ignore[call-overload]
        "organiser": RoleKind.ORGANISER,
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_of(request)
    token = get_object_or_404(ApiToken.objects.filter(tokens_manageable_by(person)), pk=pk)
    if token.revoked_at is not None:
        raise Http404
    token_revoke(token=token, actor=person)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens")
