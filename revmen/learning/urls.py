from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("programmes/<str:code>/materials/", views.programme_materials, name="programme_materials"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("batches/<str:code>/materials/", views.batch_materials, name="batch_materials"),
    path(
        "batches/<str:code>/sessions/<int:pk>/prompts/new/",
        views.prompt_create,
        name="prompt_create",
    ),
    path("journal/", views.journal, name="journal"),
    path("prompts/<int:pk>/entry/", views.entry_write, name="entry_write"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/feedback/", views.entry_feedback, name="entry_feedback"),
    path("batches/<str:code>/journal/", views.batch_journal, name="batch_journal"),
    path(
        "batches/<str:code>/journal/unanswered/",
        views.batch_unanswered,
        name="batch_unanswered",
    ),
    path("batches/<str:code>/commitments/", views.commitments, name="commitments"),
]
