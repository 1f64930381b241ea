from django.urls import path

from revmen.urls import handler403
from revmen.urls import urlpatterns as product

from .views import naive_insert

__all__ = ["handler403", "urlpatterns"]

urlpatterns = [
    path("bench/naive/<int:administration_id>/<int:unit_id>/", naive_insert),
    *product,
]
