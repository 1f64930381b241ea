from django.urls import URLPattern, URLResolver, include, path

from . import views
from .api import api

# Ninja's patterns without its namespace and its root view (there is no index at /api/v1/),
# so each operation's pattern has a plain name (api_<operation>) like every other page.
_operations = [p for p in api.urls[0] if getattr(p, "name", "") != "api-root"]

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include(_operations)),
    path("api/openapi.json", views.openapi_document, name="api_openapi"),
    path("api/docs/", views.api_docs, name="api_docs"),
    path("profile/api-tokens/", views.token_list, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", views.token_revoke_view, name="api_token_revoke"),
]
