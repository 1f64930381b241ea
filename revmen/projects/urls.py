from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/<int:pk>/", views.plan_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.plan_edit, name="project_edit"),
    path("projects/<int:pk>/submit/", views.plan_submit, name="project_submit"),
    path("projects/<int:pk>/review/", views.plan_review, name="project_review"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="project_milestone_add"),
    path("projects/<int:pk>/team/", views.team_add, name="project_team_add"),
    path("projects/<int:pk>/files/", views.file_add, name="project_file_add"),
    path("projects/<int:pk>/comment/", views.comment_add, name="project_comment"),
    path("projects/<int:pk>/transfer/", views.plan_transfer, name="project_transfer"),
    path("projects/<int:pk>/stop/", views.plan_stop, name="project_stop"),
    path(
        "projects/milestones/<int:pk>/remove/",
        views.milestone_remove,
        name="project_milestone_remove",
    ),
    path("projects/milestones/<int:pk>/report/", views.report_add, name="project_report"),
    path(
        "projects/milestones/<int:pk>/review/",
        views.milestone_review,
        name="project_milestone_review",
    ),
    path("projects/team/<int:pk>/remove/", views.team_remove, name="project_team_remove"),
    path("projects/files/<int:pk>/", views.file_download, name="project_file"),
    path("projects/mentor/plan/<str:token>/", views.plan_link, name="project_plan_link"),
    path(
        "projects/mentor/milestone/<str:token>/",
        views.milestone_link,
        name="project_milestone_link",
    ),
    path("projects/mentor/file/<str:token>/<int:pk>/", views.link_file, name="project_link_file"),
]
