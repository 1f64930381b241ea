"""Two things every call under /api/v1/ gets, whatever part of the stack answered it:

- an error is problem+json, also when Django answered before ninja did (an unknown path, a
  method the path does not take, a NUL in the query), so a client parses one error shape;
- a call made with a token goes to the audit trail (who, which token, method, path, status);
  anonymous calls (no token, and the intake at /api/answers/) never do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from revmen.accounts.models import Person
from revmen.core.audit import audit

from .problems import CONTENT_TYPE, problem

API_PREFIX = "/api/v1/"


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code >= 400 and response.get("Content-Type", "") != CONTENT_TYPE:
            converted = problem(response.status_code, _detail(response))
            if response.has_header("Allow"):
                converted["Allow"] = response["Allow"]
            response = converted
        viewer = getattr(request, "auth", None)
        if isinstance(viewer, Person):
            token = getattr(viewer, "_revmen_api_token", None)
            audit(
                viewer,
                "api.call",
                ("api.apitoken", token.pk if token else ""),
                note=f"{request.method} {request.path_info} {response.status_code}"[:500],
            )
        return response


def _detail(response: HttpResponse) -> str:
    if response.status_code == 405:
        return "This path does not take this method; see the Allow header."
    if response.status_code == 404:
        return "Not found."
    if response.status_code == 400:
        return "The request cannot be read (text the database cannot store, or a bad header)."
    return ""
