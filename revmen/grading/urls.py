from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("grading/<str:code>/", views.board, name="grading_board"),
    path("grading/<str:code>/step/", views.step, name="grading_step"),
    path("grading/<str:code>/settings/", views.settings, name="grading_settings"),
    path("grading/<str:code>/rate/", views.rate_list, name="grading_rate_list"),
    path("grading/<str:code>/rate/<int:rubric>/<int:person>/", views.rate, name="grading_rate"),
    path("grading/<str:code>/me/", views.mine, name="grading_mine"),
    path("grading/<str:code>/me/objection/", views.objection, name="grading_objection"),
    path("grading/<str:code>/objections/", views.objections, name="grading_objections"),
    path(
        "grading/<str:code>/objections/<int:pk>/answer/",
        views.objection_answer,
        name="grading_objection_answer",
    ),
    path("grading/<str:code>/grades/<int:pk>/", views.correct, name="grading_correct"),
    path("grading/<str:code>/report/pdf/", views.report_pdf, name="grading_report_pdf"),
    path("grading/<str:code>/report/<str:kind>/", views.report, name="grading_report"),
    path("grading/<str:code>/reactions/", views.reaction_results, name="grading_reactions"),
    path("grading/exports/<int:pk>/", views.export, name="grading_export"),
    path("grading/link/<str:token>/", views.link, name="grading_link"),
    path("grading/link/<str:token>/<int:person>/", views.link_rate, name="grading_link_rate"),
]
