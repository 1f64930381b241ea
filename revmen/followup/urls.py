from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("followup/", views.followup_mine, name="followup_mine"),
    path("followup/rounds/<int:pk>/", views.followup_round, name="followup_round"),
    path("followup/rounds/<int:pk>/peers/", views.followup_peer_add, name="followup_peer_add"),
    path("followup/peer/<str:token>/", views.followup_peer, name="followup_peer"),
    path("batches/<str:code>/followup/", views.followup_batch, name="followup_batch"),
    path("programmes/<str:code>/followup/", views.followup_plan, name="followup_plan"),
]
