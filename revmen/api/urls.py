from django.urls import URLPattern, URLResolver, path

from . import views
from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("api/openapi.json", views.openapi_document, name="api_openapi"),
    path("api/docs/", views.api_docs, name="api_docs"),
    path("profile/api-tokens/", views.token_list, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", views.token_revoke_view, name="api_token_revoke"),
]
