"""The REST API under /api/v1/: django-ninja with bearer tokens and problem+json errors.

The routes live in ``endpoints.py`` (agencies, people, programmes, batches) and
``measures.py`` (administrations, results, culture waves); the OpenAPI document is finished by
``openapi.py`` (the intake path, problem content types, examples) and served at
/api/openapi.json.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import RateLimited, TokenAuth
from .docs import ERRORS_READ, responses
from .problems import field_errors, problem
from .schemas import page_of

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

api = NinjaAPI(
    title="revmen API",
    version="1",
    description=(
        "Agencies, people, programmes, batches, enrolments, sessions, attendance, "
        "administrations, results and culture waves, as an agency admin or an organiser sees "
        "them on the pages. Authenticate with `Authorization: Bearer <token>`; errors are "
        "RFC 9457 problem details (`application/problem+json`)."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(
        422, "The request is not valid: see errors.", errors=field_errors(list(exc.errors))
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        401,
        "A valid bearer token is needed: Authorization: Bearer <token>.",
        headers={"WWW-Authenticate": 'Bearer realm="revmen"'},
    )


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return problem(429, str(exc), headers={"Retry-After": str(exc.wait)})


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Outsiders get 404 for what exists but is not theirs: the same answer as for nothing.
    return problem(404, "Not found.")


def paginate(
    request: HttpRequest, queryset: QuerySet[Any] | list[Any], limit: int, offset: int
) -> tuple[int, list[Any], str | None, str | None]:
    """``count``, the items of this page and the links to the next and previous pages."""
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    items = list(queryset[offset : offset + limit])
    query = request.GET.copy()

    def link(at: int) -> str:
        query["offset"] = str(at)
        query["limit"] = str(limit)
        return request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.items())))

    following = link(offset + limit) if offset + limit < count else None
    previous = link(max(0, offset - limit)) if offset > 0 else None
    return count, items, following, previous


def page(
    request: HttpRequest,
    queryset: QuerySet[Any] | list[Any],
    paging: Any,
    serialize: Callable[[Any], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One page in the envelope; ``paging`` has ``limit`` and ``offset`` (``Paging``)."""
    count, items, following, previous = paginate(request, queryset, paging.limit, paging.offset)
    return {
        "count": count,
        "next": following,
        "previous": previous,
        "results": items if serialize is None else [serialize(item) for item in items],
    }


def get_page(path: str, item: type[Any], tag: str, name: str, *errors: int) -> Any:
    """``@api.get`` for a list operation: the envelope of ``item``, the read errors (and
    ``errors``, e.g. 404 where the path names an object), ``api_<name>`` as URL name."""
    return api.get(
        path,
        response=responses(page_of(item), *ERRORS_READ, *errors),
        tags=[tag],
        operation_id=name,
        url_name=f"api_{name}",
    )


def get_one(path: str, item: type[Any], tag: str, name: str, *errors: int) -> Any:
    """``@api.get`` for one object: ``item``, the read errors, 404 (and ``errors``)."""
    return api.get(
        path,
        response=responses(item, *ERRORS_READ, 404, *errors),
        tags=[tag],
        operation_id=name,
        url_name=f"api_{name}",
    )


from . import endpoints, measures  # noqa: E402,F401  (routes register on import)
